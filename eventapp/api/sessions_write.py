"""An event's timetable through the API: one session read, added, changed or removed."""

from __future__ import annotations

from flask import Response, g, jsonify, url_for
from flask_babel import gettext as _

from eventapp.api.auth import token_required
from eventapp.api.errors import json_error
from eventapp.api.input import session_input
from eventapp.api.serialize import session_json
from eventapp.api.views import bp
from eventapp.api.writing import (
    REFUSALS,
    editable_event,
    editable_session,
    json_body,
    not_json,
    refusal,
    visible_session,
    warnings_json,
)
from eventapp.events.models import Event, EventSession
from eventapp.events.sessions import delete_session as remove_session
from eventapp.events.sessions import save_session
from eventapp.extensions import clock, db
from eventapp.urls import absolute


@bp.get("/sessions/<session_id>")
def get_session(session_id: str):
    session = visible_session(session_id, None)
    if session is None:
        return json_error(404, _("There is no session with this id."))
    return jsonify(session_detail(session))


@bp.post("/events/<event_id>/sessions")
@token_required
def create_session(event_id: str):
    event, refused = editable_event(event_id)
    if refused:
        return refused
    return _save(event, None)


@bp.patch("/sessions/<session_id>")
@token_required
def update_session(session_id: str):
    session, refused = editable_session(session_id)
    if refused:
        return refused
    return _save(session.event, session)


@bp.delete("/sessions/<session_id>")
@token_required
def delete_session(session_id: str):
    session, refused = editable_session(session_id)
    if refused:
        return refused
    try:
        remove_session(session.event, session, actor=g.api_user, now=clock.now())
    except REFUSALS as err:
        return refusal(err)
    db.session.commit()
    return Response(status=204)


def session_detail(session: EventSession) -> dict:
    """A session as the timetable shows it, with the id of its event."""
    return {**session_json(session, session.event.zone), "event": session.event_id}


def _save(event: Event, session: EventSession | None):
    body = json_body()
    if body is None:
        return not_json()
    try:
        data = session_input(body, session)
        outcome = save_session(event, session, data, actor=g.api_user, now=clock.now())
    except REFUSALS as err:
        return refusal(err)
    db.session.commit()
    answer = {**session_detail(outcome.session), "warnings": warnings_json(outcome.warnings)}
    if session is not None:
        return jsonify(answer)
    location = absolute(url_for("api.get_session", session_id=outcome.session.id))
    return jsonify(answer), 201, {"Location": location}
