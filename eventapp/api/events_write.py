"""Writing events through the API: the organiser forms' services behind a bearer token."""

from __future__ import annotations

from flask import Response, g, jsonify, url_for

from eventapp.api.auth import token_required
from eventapp.api.errors import invalid
from eventapp.api.openapi import documented
from eventapp.api.shapes.events import Event, EventWritten
from eventapp.api.shapes.writing import EventCreate, EventWrite, event_request
from eventapp.api.validation import Invalid, answer, json_object, parse_body
from eventapp.api.views import EVENT_ID, bp
from eventapp.api.writing import (
    REFUSALS,
    change_status,
    editable_event,
    forbidden,
    may_write,
    refusal,
    warnings_json,
)
from eventapp.events import queries
from eventapp.events.editing import Outcome, save_event
from eventapp.events.models import STATUSES
from eventapp.events.services import delete_event as delete_draft
from eventapp.extensions import clock, db
from eventapp.settings import current_settings
from eventapp.urls import absolute

WRITTEN = "The event as read, with any warnings."
LOCATION = {"Location": {"description": "The absolute URL of what was created.",
                         "schema": {"type": "string", "format": "uri"}}}  # fmt: skip
REFUSED = {403: "Forbidden", 404: "NotFound", 409: "Conflict"}


@bp.post("/events")
@documented(
    id="createEvent", body=EventCreate, headers={201: LOCATION},
    summary="Create an event (a draft unless `status` says published).",
    description="Organisers create events that list one of their organisations among the "
    "hosts; admins, any event.",
    answers={201: (EventWritten, WRITTEN), 403: "Forbidden", 409: "Conflict"},
)  # fmt: skip
@token_required
def create_event():
    if not may_write(g.api_user):
        return forbidden()
    return _save(None, EventCreate)


@bp.patch("/events/<event_id>")
@documented(
    id="updateEvent", body=EventWrite, path=(EVENT_ID,),
    summary="Change the fields given, and perhaps the status.",
    answers={200: (EventWritten, WRITTEN), **REFUSED},
)  # fmt: skip
@token_required
def update_event(event_id: str):
    event, refused = editable_event(event_id)
    if refused:
        return refused
    return _save(event, EventWrite)


@bp.delete("/events/<event_id>")
@documented(
    id="deleteEvent", path=(EVENT_ID,),
    summary="Delete a draft. A published or cancelled event is never deleted (409): cancel it "
    "instead (PATCH `status`).",
    answers={204: (None, "The draft is gone."), **REFUSED},
)  # fmt: skip
@token_required
def delete_event(event_id: str):
    event, refused = editable_event(event_id)
    if refused:
        return refused
    try:
        delete_draft(event, actor=g.api_user)
    except REFUSALS as err:
        return refusal(err)
    db.session.commit()
    return Response(status=204)


def _save(event, shape: type[EventWrite]):
    """Create (event None) or change an event from the body, then answer it as read."""
    now = clock.now()
    try:
        body = parse_body(shape, json_object())
    except Invalid as err:
        return invalid(err)
    try:
        wanted = event_request(body, event)
        settings = current_settings()
        outcome = save_event(event, wanted.data, actor=g.api_user, now=now, settings=settings)
        change_status(outcome.event, wanted, actor=g.api_user, now=now, settings=settings)
    except REFUSALS as err:
        return refusal(err, "status")
    db.session.commit()
    return _answer(outcome, created=event is None)


def _answer(outcome: Outcome, *, created: bool):
    saved = queries.get_event(outcome.event.id, statuses=STATUSES)
    body = answer(EventWritten, {**Event.of(saved), "warnings": warnings_json(outcome.warnings)})
    if not created:
        return jsonify(body)
    location = absolute(url_for("api.get_event", event_id=saved.id))
    return jsonify(body), 201, {"Location": location}
