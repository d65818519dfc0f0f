"""A message to an event's registrants, as the API takes it, and the answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from eventapp import bounds
from eventapp.api import types as t
from eventapp.api.validation import Says, Shape
from eventapp.registrants.messages import NO_LANGUAGE, NO_RECIPIENTS, NOT_RECIPIENTS, RECIPIENTS

IDEMPOTENCY_KEY = (
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": bounds.MAX_NONCE},
    "Any text of yours that names this message: a request repeated with the same key (by the "
    "same token's owner, for the same event) queues nothing more and answers the first "
    "request's count. Without it each request is a new message.",
)
SEND = (
    "Each registration in a status of `to` gets one mail, through the outbox, in the person's "
    "language, or in the other one when only one is written; it carries the event's title and "
    "its public link. Cancelled registrations are never written to. A language is written when "
    "both its subject and its text are (each more than spaces); a language half written is "
    "refused (400, naming `subject.fr` or `body.fr`...). The text is sent as plain text. The "
    "message is kept in the event's history with its count."
)
WRITTEN = {"type": "string", "pattern": r"\S"}


def _written(*langs: str) -> dict:
    """JSON Schema for a message written in `langs` only (the other language null or absent)."""
    either = {lang: WRITTEN if lang in langs else {"type": "null"} for lang in ("fr", "en")}
    texts = {"required": list(langs), "properties": either}
    return {"required": ["subject", "body"], "properties": {"subject": texts, "body": texts}}


Subject = t.pair("MessageSubject", bounds.MAX_SUBJECT, "The subject in French and in English.")
Text = t.pair("MessageText", bounds.MAX_MESSAGE, "The text in French and in English (plain text).")
Recipient = Literal[RECIPIENTS]  # type: ignore[valid-type]


class MessageRequest(Shape):
    """A message to some of the event's registrants: French, English or both, each language with
    its subject and its text."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [_written("fr", "en"), _written("fr"), _written("en")],
        "examples": [{"subject": {"fr": "Salle changée", "en": "Room change"},
                      "body": {"fr": "Rendez-vous salle B.", "en": "We meet in room B."},
                      "to": ["confirmed", "waiting"]}],
    })  # fmt: skip
    subject: Annotated[Subject, Says(t.NOT_PAIR, missing=NO_LANGUAGE)]
    body: Annotated[Text, Says(t.NOT_PAIR, missing=NO_LANGUAGE)]
    to: Annotated[
        list[Recipient],
        Field(min_length=1, max_length=len(RECIPIENTS), json_schema_extra={"uniqueItems": True},
              description="The statuses written to."),
        Says(NOT_RECIPIENTS, missing=NO_RECIPIENTS, too_short=NO_RECIPIENTS),
    ]  # fmt: skip


class MessageQueued(Shape):
    """How many mails the message was queued as."""

    queued: Annotated[int, Field(ge=0, description="One mail per person written to.")]
