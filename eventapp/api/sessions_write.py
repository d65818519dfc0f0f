"""An event's timetable through the API: one session read, added, changed or removed."""

from __future__ import annotations

from flask import Response, g, jsonify, url_for
from flask_babel import gettext as _

from eventapp.api.auth import token_required
from eventapp.api.errors import json_error
from eventapp.api.events_write import LOCATION
from eventapp.api.openapi import ID, OPTIONAL_BEARER, documented
from eventapp.api.shapes.events import SessionDetail, SessionWritten
from eventapp.api.shapes.writing import SessionCreate, SessionWrite, session_input
from eventapp.api.validation import answer, json_object, parse_body
from eventapp.api.views import EVENT_ID, bp
from eventapp.api.writing import (
    REFUSALS,
    editable_event,
    editable_session,
    refusal,
    visible_session,
    warnings_json,
)
from eventapp.events.models import Event, EventSession
from eventapp.events.sessions import delete_session as remove_session
from eventapp.events.sessions import save_session
from eventapp.extensions import clock, db
from eventapp.urls import absolute

SESSION_ID = ("id", ID, "The session's id.")
WRITTEN = "The session, with any warnings."
REFUSED = {403: "Forbidden", 404: "NotFound"}


@bp.get("/sessions/<session_id>")
@documented(
    id="getSession", summary="One session of a visible event.", security=OPTIONAL_BEARER,
    path=(SESSION_ID,), answers={200: (SessionDetail, "The session."), 404: "NotFound"},
)  # fmt: skip
def get_session(session_id: str):
    session = visible_session(session_id, None)
    if session is None:
        return json_error(404, _("There is no session with this id."))
    return jsonify(answer(SessionDetail, SessionDetail.of(session)))


@bp.post("/events/<event_id>/sessions")
@documented(
    id="createSession", body=SessionCreate, path=(EVENT_ID,),
    summary="Add a session to the event's timetable, within the event's times.",
    answers={201: (SessionWritten, WRITTEN), **REFUSED}, headers={201: LOCATION},
)  # fmt: skip
@token_required
def create_session(event_id: str):
    event, refused = editable_event(event_id)
    if refused:
        return refused
    return _save(event, None)


@bp.patch("/sessions/<session_id>")
@documented(
    id="updateSession", body=SessionWrite, path=(SESSION_ID,),
    summary="Change the session's fields given.",
    answers={200: (SessionWritten, WRITTEN), **REFUSED},
)  # fmt: skip
@token_required
def update_session(session_id: str):
    session, refused = editable_session(session_id)
    if refused:
        return refused
    return _save(session.event, session)


@bp.delete("/sessions/<session_id>")
@documented(
    id="deleteSession", summary="Remove the session from the timetable.", path=(SESSION_ID,),
    answers={204: (None, "The session is gone."), 400: "InvalidBody", **REFUSED},
)  # fmt: skip
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


def _save(event: Event, session: EventSession | None):
    try:
        body = parse_body(SessionCreate if session is None else SessionWrite, json_object())
        data = session_input(body, session)
        outcome = save_session(event, session, data, actor=g.api_user, now=clock.now())
    except REFUSALS as err:
        return refusal(err)
    db.session.commit()
    written = {**SessionDetail.of(outcome.session), "warnings": warnings_json(outcome.warnings)}
    if session is not None:
        return jsonify(answer(SessionWritten, written))
    location = absolute(url_for("api.get_session", session_id=outcome.session.id))
    return jsonify(answer(SessionWritten, written)), 201, {"Location": location}
