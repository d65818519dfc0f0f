"""API: an event's hosts write to its registrants (the workspace's messages, by bearer token)."""

from __future__ import annotations

import secrets

from flask import g, jsonify, request

from eventapp import bounds
from eventapp.api.auth import token_required
from eventapp.api.openapi import documented
from eventapp.api.shapes.messages import IDEMPOTENCY_KEY, SEND, MessageQueued, MessageRequest
from eventapp.api.validation import Invalid, answer, json_object, parse_body
from eventapp.api.views import EVENT_ID, bp
from eventapp.api.writing import editable_event
from eventapp.extensions import clock, db
from eventapp.registrants import messages as service
from eventapp.settings import current_settings


@bp.post("/events/<event_id>/messages")
@documented(
    id="sendMessage", body=MessageRequest, path=(EVENT_ID,), header=(IDEMPOTENCY_KEY,),
    summary="Write to the event's registrants (its hosts and admins).", description=SEND,
    answers={202: (MessageQueued, "Queued: one mail per person written to."), 403: "Forbidden",
             404: "NotFound", 409: "Conflict"},
)  # fmt: skip
@token_required
def send_message(event_id: str):
    event = editable_event(event_id)
    body = parse_body(MessageRequest, json_object())
    message = service.draft(
        subject_fr=body.subject.fr, subject_en=body.subject.en, body_fr=body.body.fr,
        body_en=body.body.en, to=body.to,
    )  # fmt: skip
    key = _idempotency_key()
    sent = service.send(
        event, message, nonce=key, author=g.api_user, now=clock.now(), settings=current_settings()
    )
    db.session.commit()
    return jsonify(answer(MessageQueued, {"queued": sent.message.queued})), 202


def _idempotency_key() -> str:
    """The caller's key for this message, or a new one; raises Invalid when it is too long."""
    key = request.headers.get(IDEMPOTENCY_KEY[0], "").strip()
    if len(key) > bounds.MAX_NONCE:
        raise Invalid({IDEMPOTENCY_KEY[0]: str(bounds.too_long(bounds.MAX_NONCE))})
    return key or secrets.token_urlsafe(32)
