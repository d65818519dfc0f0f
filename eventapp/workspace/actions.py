"""An event's life cycle from the workspace: publish, unpublish, duplicate, move, cancel, delete."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventapp.events import services
from eventapp.events.errors import EventError
from eventapp.extensions import clock, db
from eventapp.refusals import status_of
from eventapp.settings import current_settings
from eventapp.workspace.access import editable_event, workspace_required
from eventapp.workspace.convert import show_refusal
from eventapp.workspace.forms import ActionForm, CancelForm, DuplicateForm, MoveForm
from eventapp.workspace.times import copy_start, current_times, new_times, next_week
from eventapp.workspace.views import bp, flash_warnings

PAGES = {
    "move": {
        "title": _l("Move the event"),
        "intro": _l("Give the new times. Its sessions move by the same amount, and calendars "
                    "that subscribed to it are updated."),
        "button": _l("Move"),
    },
    "duplicate": {
        "title": _l("Duplicate the event"),
        "intro": _l("The copy is a draft with the same texts, hosts and timetable, starting when "
                    "you say."),
        "button": _l("Make the copy"),
    },
    "cancel": {
        "title": _l("Cancel the event"),
        "intro": _l("The event stays visible, marked cancelled, with the reason you give. This "
                    "cannot be undone."),
        "button": _l("Cancel the event"),
    },
    "delete": {
        "title": _l("Delete the draft"),
        "intro": _l("The draft and its timetable are deleted for good. This cannot be undone."),
        "button": _l("Delete the draft"),
    },
}  # fmt: skip


def _page(name: str, event, form, fields=(), status: int = 200, refusal=None):
    return render_template(
        "workspace/action.html", name=name, page=PAGES[name], event=event, form=form,
        fields=fields, refusal=refusal,
    ), status  # fmt: skip


def _to_edit(event):
    return redirect(url_for("workspace.edit_event", event_id=event.id))


@bp.post("/events/<int:event_id>/publish")
@workspace_required
def publish(event_id: int):
    return _switch(
        event_id, partial(services.publish_event, settings=current_settings()),
        _l("The event is published."),
    )  # fmt: skip


@bp.post("/events/<int:event_id>/unpublish")
@workspace_required
def unpublish(event_id: int):
    return _switch(event_id, services.unpublish_event, _l("The event is back to draft."))


def _switch(event_id: int, change, done):
    event = editable_event(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(event, now=clock.now(), actor=current_user)
    except EventError as err:
        db.session.rollback()
        flash(str(err.message), "error")
        return _to_edit(event)
    db.session.commit()
    flash(str(done), "success")
    return _to_edit(event)


@bp.route("/events/<int:event_id>/move", methods=["GET", "POST"])
@workspace_required
def move(event_id: int):
    event = editable_event(event_id)
    form = MoveForm() if request.method == "POST" else MoveForm(data=current_times(event))
    fields = ("start_day", "end_day") if event.all_day else ("start", "end")
    if not form.validate_on_submit():
        return _page("move", event, form, fields, 400 if form.errors else 200)
    errors, warnings = {}, []
    times = new_times(form, event, errors, warnings)
    if times is None:
        show_refusal(form, errors, all_day=event.all_day)
        return _page("move", event, form, fields, 400)
    try:
        services.move_event(
            event, start_at=times[0], end_at=times[1], now=clock.now(),
            settings=current_settings(), actor=current_user,
        )  # fmt: skip
    except EventError as err:
        db.session.rollback()
        return _page("move", event, form, fields, status_of(err), err.message)
    db.session.commit()
    flash_warnings(warnings)
    flash(_("The event is moved."), "success")
    return _to_edit(event)


@bp.route("/events/<int:event_id>/duplicate", methods=["GET", "POST"])
@workspace_required
def duplicate(event_id: int):
    event = editable_event(event_id)
    form = DuplicateForm() if request.method == "POST" else DuplicateForm(data=next_week(event))
    fields = ("start_day",) if event.all_day else ("start",)
    if not form.validate_on_submit():
        return _page("duplicate", event, form, fields, 400 if form.errors else 200)
    errors, warnings = {}, []
    start_at = copy_start(form, event, errors, warnings)
    if start_at is None:
        show_refusal(form, errors, all_day=event.all_day)
        return _page("duplicate", event, form, fields, 400)
    copy = services.duplicate_event(event, start_at=start_at, now=clock.now(), actor=current_user)
    db.session.commit()
    flash_warnings(warnings)
    flash(_("This is the copy, saved as a draft."), "success")
    return _to_edit(copy)


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@workspace_required
def cancel(event_id: int):
    event = editable_event(event_id)
    form = CancelForm()
    fields = ("reason_fr", "reason_en")
    if not form.validate_on_submit():
        return _page("cancel", event, form, fields, 400 if form.errors else 200)
    try:
        services.cancel_event(
            event, now=clock.now(), settings=current_settings(), actor=current_user,
            reason_fr=(form.reason_fr.data or "").strip() or None,
            reason_en=(form.reason_en.data or "").strip() or None,
        )  # fmt: skip
    except EventError as err:
        db.session.rollback()
        return _page("cancel", event, form, fields, status_of(err), err.message)
    db.session.commit()
    flash(_("The event is cancelled."), "success")
    return _to_edit(event)


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@workspace_required
def delete(event_id: int):
    event = editable_event(event_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _page("delete", event, form, status=400 if form.errors else 200)
    try:
        services.delete_event(event, actor=current_user)
    except EventError as err:
        db.session.rollback()
        return _page("delete", event, form, status=status_of(err), refusal=err.message)
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("workspace.dashboard"))
