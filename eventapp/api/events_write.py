"""Writing events through the API: the organiser forms' services behind a bearer token."""

from __future__ import annotations

from flask import Response, g, jsonify, url_for

from eventapp.api.auth import token_required
from eventapp.api.input import event_request
from eventapp.api.serialize import event_json
from eventapp.api.views import bp
from eventapp.api.writing import (
    REFUSALS,
    change_status,
    editable_event,
    forbidden,
    json_body,
    may_write,
    not_json,
    refusal,
    warnings_json,
)
from eventapp.events import queries
from eventapp.events.editing import Outcome, save_event
from eventapp.events.models import STATUSES
from eventapp.events.services import delete_event as delete_draft
from eventapp.extensions import clock, db
from eventapp.urls import absolute


@bp.post("/events")
@token_required
def create_event():
    if not may_write(g.api_user):
        return forbidden()
    body = json_body()
    if body is None:
        return not_json()
    return _save(None, body)


@bp.patch("/events/<event_id>")
@token_required
def update_event(event_id: str):
    event, refused = editable_event(event_id)
    if refused:
        return refused
    body = json_body()
    if body is None:
        return not_json()
    return _save(event, body)


@bp.delete("/events/<event_id>")
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


def _save(event, body: dict):
    """Create (event None) or change an event from `body`, then answer it as read."""
    now = clock.now()
    try:
        wanted = event_request(body, event)
        outcome = save_event(event, wanted.data, actor=g.api_user, now=now)
        change_status(outcome.event, wanted, actor=g.api_user, now=now)
    except REFUSALS as err:
        return refusal(err, "status")
    db.session.commit()
    return _answer(outcome, created=event is None)


def _answer(outcome: Outcome, *, created: bool):
    saved = queries.get_event(outcome.event.id, statuses=STATUSES)
    body = {**event_json(saved), "warnings": warnings_json(outcome.warnings)}
    if not created:
        return jsonify(body)
    location = absolute(url_for("api.get_event", event_id=saved.id))
    return jsonify(body), 201, {"Location": location}
