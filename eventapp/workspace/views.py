"""The workspace's dashboard, event form and history pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.accounts.permissions import may_host
from eventapp.events import hosts
from eventapp.events.editing import save_event
from eventapp.events.errors import InvalidInput, NotAllowed
from eventapp.events.ownership import owner_of
from eventapp.extensions import clock, db
from eventapp.settings import current_settings
from eventapp.templating import page_lang
from eventapp.workspace import queries
from eventapp.workspace.access import editable_event, workspace_required
from eventapp.workspace.convert import (
    event_data,
    event_input,
    fill_event_choices,
    lock_owned_fields,
    show_refusal,
)
from eventapp.workspace.forms import ActionForm, EventForm
from eventapp.workspace.history import entries

bp = Blueprint("workspace", __name__, url_prefix="/<lang>/workspace")
bp.add_app_template_global(may_host, "may_host")  # the event page's "Edit" link
bp.add_app_template_global(owner_of, "event_owner")  # the form's note on imported events


def flash_warnings(warnings) -> None:
    for warning in warnings:
        flash(str(warning), "warning")


@bp.get("/")
@workspace_required
def dashboard():
    sections = queries.dashboard(current_user, now=clock.now())
    return render_template(
        "workspace/dashboard.html", sections=sections, shown=queries.SHOWN,
        invitations=hosts.invitations(current_user), action=ActionForm(),
    )  # fmt: skip


@bp.route("/events/new", methods=["GET", "POST"])
@workspace_required
def new_event():
    form = EventForm() if request.method == "POST" else EventForm(data=_defaults())
    fill_event_choices(form, page_lang())
    return _save(form, None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@workspace_required
def edit_event(event_id: int):
    event = editable_event(event_id)
    form = EventForm() if request.method == "POST" else EventForm(data=event_data(event))
    fill_event_choices(form, page_lang())
    lock_owned_fields(form, event)
    return _save(form, event)


def _defaults() -> dict:
    """A new event starts hosted by the organiser's organisation, at its site."""
    mine = current_user.organisations
    return {
        "kind": "seminar",
        "language": "en",
        "site": mine[0].site.slug if mine else "",
        "organisations": [mine[0].slug] if len(mine) == 1 else [],
    }


def _save(form: EventForm, event):
    """Check the form, hand it to the editing service, and answer with the outcome."""
    if not form.validate_on_submit():
        return _render_form(form, event, 400 if form.errors else 200)
    try:
        outcome = save_event(
            event, event_input(form), actor=current_user, now=clock.now(),
            settings=current_settings(),
        )  # fmt: skip
    except InvalidInput as refused:
        db.session.rollback()
        others = show_refusal(form, refused.fields, all_day=bool(form.all_day.data))
        return _render_form(form, event, 400, others)
    except NotAllowed as refused:
        # The event itself was checked already: what is refused is the choice of hosts.
        db.session.rollback()
        form.organisations.errors = [str(refused.message)]
        return _render_form(form, event, 400)
    db.session.commit()
    flash_warnings(outcome.warnings)
    flash(_("The event is saved."), "success")
    return redirect(url_for("workspace.edit_event", event_id=outcome.event.id))


def _render_form(form: EventForm, event, status: int, refusals=()):
    return render_template(
        "workspace/event_form.html", form=form, event=event, refusals=refusals,
        action=ActionForm(),
    ), status  # fmt: skip


@bp.get("/events/<int:event_id>/history")
@workspace_required
def history(event_id: int):
    event = editable_event(event_id)
    lines = entries(queries.changes(event), event, page_lang())
    return render_template("workspace/history.html", event=event, entries=lines)


from eventapp.workspace import actions, invitations, sources, timetable  # noqa: E402,F401  (they add their routes to bp)
