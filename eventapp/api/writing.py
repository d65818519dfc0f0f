"""Writing events and their timetables through the API: the organiser forms' services behind a
bearer token. Refusals are the services' own, answered by the app's handler (`domain_json`)."""

from __future__ import annotations

from datetime import datetime

from flask import Response, g, jsonify, url_for
from flask_babel import gettext as _

from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.api.auth import token_required
from eventapp.api.errors import json_error
from eventapp.api.openapi import ID, OPTIONAL_BEARER, documented
from eventapp.api.shapes.events import Event, EventWritten, SessionDetail, SessionWritten
from eventapp.api.shapes.writing import (
    EventCreate,
    EventRequest,
    EventWrite,
    SessionCreate,
    SessionWrite,
    event_request,
    session_input,
)
from eventapp.api.validation import answer, json_object, parse_body
from eventapp.api.views import EVENT_ID, bp, path_id, visible
from eventapp.errors import NotFound
from eventapp.events import queries
from eventapp.events.editing import save_event
from eventapp.events.errors import EventError, NotAllowed
from eventapp.events.models import STATUSES, EventSession
from eventapp.events.models import Event as EventRow
from eventapp.events.services import cancel_event, publish_event, unpublish_event
from eventapp.events.services import delete_event as delete_draft
from eventapp.events.sessions import delete_session as remove_session
from eventapp.events.sessions import save_session
from eventapp.extensions import clock, db
from eventapp.refusals import status_of
from eventapp.settings import Settings, current_settings
from eventapp.urls import absolute

SESSION_ID = ("id", ID, "The session's id.")
LOCATION = {"Location": {"description": "The absolute URL of what was created.",
                         "schema": {"type": "string", "format": "uri"}}}  # fmt: skip
REFUSED = {403: "Forbidden", 404: "NotFound"}
EVENT_WRITTEN = "The event as read, with any warnings."
SESSION_WRITTEN = "The session, with any warnings."


def may_write(user: User) -> bool:
    """Organisers and admins write events; attendees never do."""
    return user.role in ("organiser", "admin")


def editable_event(raw_id: str) -> EventRow:
    """The event of the path that the token's owner may change; raises NotFound or NotAllowed."""
    number = path_id(raw_id)
    event = queries.get_event(number, statuses=STATUSES) if number else None
    if event is None or not visible(event, g.api_user):
        raise NotFound(_("There is no event with this id."))
    if not may_host(g.api_user, event.organisations):
        raise NotAllowed()
    return event


def visible_session(raw_id: str, user: User | None) -> EventSession:
    """The session of the path when its event is visible to `user`; raises NotFound."""
    number = path_id(raw_id)
    session = db.session.get(EventSession, number) if number else None
    if session is None or not visible(session.event, user):
        raise NotFound(_("There is no session with this id."))
    return session


def editable_session(raw_id: str) -> EventSession:
    """The session of the path that the token's owner may change; raises NotFound or NotAllowed."""
    session = visible_session(raw_id, g.api_user)
    if not may_host(g.api_user, session.event.organisations):
        raise NotAllowed()
    return session


def warnings_json(warnings: list) -> list[str]:
    """The services' warnings, in the request's language."""
    return [str(w) for w in warnings]


def written(model, body: dict, created_at: str | None):
    """`body` as `model`; a 201 with its `Location` when it was created (at that URL)."""
    if created_at is None:
        return jsonify(answer(model, body))
    return jsonify(answer(model, body)), 201, {"Location": absolute(created_at)}


@bp.post("/events")
@documented(
    id="createEvent", body=EventCreate, headers={201: LOCATION},
    summary="Create an event (a draft unless `status` says published).",
    description="Organisers create events that list one of their organisations among the "
    "hosts; admins, any event.",
    answers={201: (EventWritten, EVENT_WRITTEN), 403: "Forbidden", 409: "Conflict"},
)  # fmt: skip
@token_required
def create_event():
    if not may_write(g.api_user):
        raise NotAllowed()
    return _save_event(None, EventCreate)


@bp.patch("/events/<event_id>")
@documented(
    id="updateEvent", body=EventWrite, path=(EVENT_ID,),
    summary="Change the fields given, and perhaps the status.",
    answers={200: (EventWritten, EVENT_WRITTEN), **REFUSED, 409: "Conflict"},
)  # fmt: skip
@token_required
def update_event(event_id: str):
    return _save_event(editable_event(event_id), EventWrite)


@bp.delete("/events/<event_id>")
@documented(
    id="deleteEvent", path=(EVENT_ID,),
    summary="Delete a draft. A published or cancelled event is never deleted (409): cancel it "
    "instead (PATCH `status`).",
    answers={204: (None, "The draft is gone."), **REFUSED, 409: "Conflict"},
)  # fmt: skip
@token_required
def delete_event(event_id: str):
    delete_draft(editable_event(event_id), actor=g.api_user)
    db.session.commit()
    return Response(status=204)


def _save_event(event: EventRow | None, shape: type[EventWrite]):
    """Create (event None) or change an event from the body, then answer it as read."""
    now, settings = clock.now(), current_settings()
    wanted = event_request(parse_body(shape, json_object()), event)
    outcome = save_event(event, wanted.data, actor=g.api_user, now=now, settings=settings)
    try:
        change_status(outcome.event, wanted, actor=g.api_user, now=now, settings=settings)
    except EventError as err:  # the life cycle refuses the status asked for
        db.session.rollback()
        return json_error(status_of(err), str(err.message), {"status": str(err.message)})
    db.session.commit()
    saved = queries.get_event(outcome.event.id, statuses=STATUSES)
    body = {**Event.of(saved), "warnings": warnings_json(outcome.warnings)}
    created_at = url_for("api.get_event", event_id=saved.id) if event is None else None
    return written(EventWritten, body, created_at)


def change_status(
    event: EventRow, wanted: EventRequest, *, actor: User, now: datetime, settings: Settings
) -> None:
    """Apply the status a body asks for through the life-cycle services."""
    status = wanted.status
    if status is None or status == event.status:
        return
    if status == "published":
        publish_event(event, now=now, settings=settings, actor=actor)
    elif status == "draft":
        unpublish_event(event, now=now, actor=actor)
    else:
        reason = wanted.cancel_reason
        cancel_event(event, now=now, settings=settings, actor=actor,
                     reason_fr=reason.get("fr"), reason_en=reason.get("en"))  # fmt: skip


@bp.get("/sessions/<session_id>")
@documented(
    id="getSession", summary="One session of a visible event.", security=OPTIONAL_BEARER,
    path=(SESSION_ID,), answers={200: (SessionDetail, "The session."), 404: "NotFound"},
)  # fmt: skip
def get_session(session_id: str):
    session = visible_session(session_id, None)
    return jsonify(answer(SessionDetail, SessionDetail.of(session)))


@bp.post("/events/<event_id>/sessions")
@documented(
    id="createSession", body=SessionCreate, path=(EVENT_ID,),
    summary="Add a session to the event's timetable, within the event's times.",
    answers={201: (SessionWritten, SESSION_WRITTEN), **REFUSED}, headers={201: LOCATION},
)  # fmt: skip
@token_required
def create_session(event_id: str):
    return _save_session(editable_event(event_id), None)


@bp.patch("/sessions/<session_id>")
@documented(
    id="updateSession", body=SessionWrite, path=(SESSION_ID,),
    summary="Change the session's fields given.",
    answers={200: (SessionWritten, SESSION_WRITTEN), **REFUSED},
)  # fmt: skip
@token_required
def update_session(session_id: str):
    session = editable_session(session_id)
    return _save_session(session.event, session)


@bp.delete("/sessions/<session_id>")
@documented(
    id="deleteSession", summary="Remove the session from the timetable.", path=(SESSION_ID,),
    answers={204: (None, "The session is gone."), 400: "InvalidBody", **REFUSED},
)  # fmt: skip
@token_required
def delete_session(session_id: str):
    session = editable_session(session_id)
    remove_session(session.event, session, actor=g.api_user, now=clock.now())
    db.session.commit()
    return Response(status=204)


def _save_session(event: EventRow, session: EventSession | None):
    body = parse_body(SessionCreate if session is None else SessionWrite, json_object())
    data = session_input(body, session)
    outcome = save_session(event, session, data, actor=g.api_user, now=clock.now())
    db.session.commit()
    saved = {**SessionDetail.of(outcome.session), "warnings": warnings_json(outcome.warnings)}
    created_at = None if session else url_for("api.get_session", session_id=outcome.session.id)
    return written(SessionWritten, saved, created_at)
