"""The timetable editor: an event's sessions in time order, with add, edit and remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.events.errors import InvalidInput
from eventapp.events.localtime import wall_time
from eventapp.events.models import Event, EventSession
from eventapp.events.sessions import delete_session, save_session
from eventapp.extensions import clock, db
from eventapp.workspace.access import editable_event, workspace_required
from eventapp.workspace.convert import (
    fill_session_choices,
    session_data,
    session_input,
    show_refusal,
)
from eventapp.workspace.forms import ActionForm, SessionForm
from eventapp.workspace.views import bp, flash_warnings


def _session_of(event: Event, session_id: int) -> EventSession:
    session = db.get_or_404(EventSession, session_id)
    if session.event_id != event.id:
        abort(404)
    return session


def _render(event: Event, form: SessionForm, session=None, status: int = 200, refusals=()):
    return render_template(
        "workspace/timetable.html", event=event, form=form, editing=session,
        refusals=refusals, action=ActionForm(),
    ), status  # fmt: skip


@bp.route("/events/<int:event_id>/timetable", methods=["GET", "POST"])
@workspace_required
def timetable(event_id: int):
    event = editable_event(event_id)
    tz = event.site.timezone
    blank = {"start": wall_time(event.start_at, tz), "end": wall_time(event.end_at, tz)}
    form = SessionForm() if request.method == "POST" else SessionForm(data=blank)
    fill_session_choices(form)
    return _save(event, form, None)


@bp.route("/events/<int:event_id>/timetable/<int:session_id>", methods=["GET", "POST"])
@workspace_required
def edit_session(event_id: int, session_id: int):
    event = editable_event(event_id)
    session = _session_of(event, session_id)
    form = SessionForm() if request.method == "POST" else SessionForm(data=session_data(session))
    fill_session_choices(form)
    return _save(event, form, session)


def _save(event: Event, form: SessionForm, session: EventSession | None):
    if not form.validate_on_submit():
        return _render(event, form, session, 400 if form.errors else 200)
    try:
        outcome = save_session(
            event, session, session_input(form), actor=current_user, now=clock.now()
        )
    except InvalidInput as refused:
        db.session.rollback()
        return _render(event, form, session, 400, show_refusal(form, refused.fields))
    db.session.commit()
    flash_warnings(outcome.warnings)
    flash(_("The session is saved."), "success")
    return redirect(url_for("workspace.timetable", event_id=event.id))


@bp.post("/events/<int:event_id>/timetable/<int:session_id>/delete")
@workspace_required
def remove_session(event_id: int, session_id: int):
    event = editable_event(event_id)
    session = _session_of(event, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    delete_session(event, session, actor=current_user, now=clock.now())
    db.session.commit()
    flash(_("The session is removed."), "success")
    return redirect(url_for("workspace.timetable", event_id=event.id))
