"""Organisers write to an event's registrants: one mail each, through the outbox, in the person's
language (in the other one when only one is written), and once only for a given one-time key.

The one-time key (a form's nonce, or the API's `Idempotency-Key`) is stored hashed with the event
and the author, so one organiser's key never answers for another's message.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventapp.accounts.models import User
from eventapp.errors import Conflict, Refused
from eventapp.events.history import record
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.mail.rendering import RenderedMail, render_mail
from eventapp.mail.services import queue_mail
from eventapp.registrants.models import EventMessage
from eventapp.registrations.models import Registration
from eventapp.settings import Settings

RECIPIENTS = ("confirmed", "waiting", "pending")  # cancelled people are never written to
LANGUAGES = ("fr", "en")
TEMPLATE = "event_message"

NO_LANGUAGE = _l("Write the subject and the text in French, in English, or in both.")
NO_SUBJECT = _l("Give a subject for this text, or leave this language's text empty.")
NO_BODY = _l("Give the text for this subject, or leave this language's subject empty.")
NO_RECIPIENTS = _l("Choose who gets the message: confirmed, waiting or pending people.")
NOT_RECIPIENTS = _l("Only confirmed, waiting and pending people can be written to.")
NOT_SENT = _l("The message cannot be sent as it is.")
BUSY = _l("This message is being sent by another request: reload the page in a moment.")


@dataclass(frozen=True)
class Draft:
    """A message as checked: the subject and text of each language written, and the statuses."""

    subjects: dict[str, str]
    bodies: dict[str, str]
    to: tuple[str, ...]

    def language_for(self, wanted: str) -> str:
        """The language a person who reads `wanted` gets: theirs if written, else the other."""
        return wanted if wanted in self.subjects else next(iter(self.subjects))


@dataclass(frozen=True)
class Sent:
    """The message kept, and whether this call queued it (False: the key had sent it already)."""

    message: EventMessage
    new: bool


def draft(
    *,
    subject_fr: str | None,
    subject_en: str | None,
    body_fr: str | None,
    body_en: str | None,
    to: Iterable[str],
) -> Draft:
    """Check a message as written; raises Refused with a message per field."""
    given = {"fr": (subject_fr, body_fr), "en": (subject_en, body_en)}
    subjects, bodies, fields = {}, {}, {}
    for lang, (subject, body) in given.items():
        subject = _one_line(subject or "")
        body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if subject and body:
            subjects[lang], bodies[lang] = subject, body
        elif subject:
            fields[f"body_{lang}"] = NO_BODY
        elif body:
            fields[f"subject_{lang}"] = NO_SUBJECT
    if not subjects and not fields:
        fields["subject"] = NO_LANGUAGE
    wanted = set(to)
    if not wanted:
        fields["to"] = NO_RECIPIENTS
    elif not wanted <= set(RECIPIENTS):
        fields["to"] = NOT_RECIPIENTS
    if fields:
        raise Refused(NO_LANGUAGE if "subject" in fields else NOT_SENT, fields)
    return Draft(subjects, bodies, tuple(s for s in RECIPIENTS if s in wanted))


def _one_line(text: str) -> str:
    """A mail's subject is one line of printable text."""
    kept = "".join(c for c in text if unicodedata.category(c) != "Cc" or c.isspace())
    return " ".join(kept.split())


def counts(event: Event) -> dict[str, int]:
    """How many registrations the event has in each status a message can go to."""
    rows = db.session.execute(
        select(Registration.status, func.count(Registration.id))
        .where(Registration.event_id == event.id, Registration.status.in_(RECIPIENTS))
        .group_by(Registration.status)
    )
    found = dict(rows.all())
    return {status: found.get(status, 0) for status in RECIPIENTS}


def recipients(event: Event, message: Draft) -> list[Registration]:
    """The registrations the message goes to, in the order they registered."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status.in_(message.to))
            .order_by(Registration.id)
        )
    )


def audience(event: Event, message: Draft) -> dict[str, int]:
    """How many people get each written language."""
    found = dict.fromkeys(message.subjects, 0)
    for reg in recipients(event, message):
        found[message.language_for(reg.language)] += 1
    return found


def rendered(event: Event, message: Draft, lang: str, settings: Settings) -> RenderedMail:
    """The mail in `lang` (a written language) as its recipients get it."""
    return render_mail(settings.templates, TEMPLATE, lang, _context(event, message, lang, settings),
                       message.subjects[lang])  # fmt: skip


def _context(event: Event, message: Draft, lang: str, settings: Settings) -> dict:
    return {
        "event": event, "title": event.localised("title", lang).text,
        "text": message.bodies[lang], "event_url": Site.of(settings).event_url(event, lang),
    }  # fmt: skip


def stored_nonce(event: Event, author: User, key: str) -> str:
    """The one-time key as kept: bound to the event and the author."""
    return hashlib.sha256(f"{event.id}:{author.id}:{key}".encode()).hexdigest()


def _already(nonce: str) -> EventMessage | None:
    return db.session.scalar(select(EventMessage).where(EventMessage.nonce == nonce))


def send(
    event: Event, message: Draft, *, nonce: str, author: User, now: datetime, settings: Settings
) -> Sent:
    """Queue the message for its recipients and keep it, with a line in the event's history.

    A key that sent before sends nothing more: the first message is returned. Two submissions at
    once meet at the key's unique index: the second's savepoint is rolled back, leaving nothing."""
    kept = stored_nonce(event, author, nonce)
    existing = _already(kept)
    if existing is not None:
        return Sent(existing, new=False)
    try:
        with db.session.begin_nested():
            row = _queue(event, message, kept, author, now, settings)
    except IntegrityError:
        existing = _already(kept)
        if existing is None:
            raise Conflict(BUSY) from None
        return Sent(existing, new=False)
    return Sent(row, new=True)


def _queue(
    event: Event, message: Draft, nonce: str, author: User, now: datetime, settings: Settings
) -> EventMessage:
    row = EventMessage(
        event_id=event.id, user_id=author.id, nonce=nonce, at=now, recipients=list(message.to),
        subject_fr=message.subjects.get("fr"), subject_en=message.subjects.get("en"),
        body_fr=message.bodies.get("fr"), body_en=message.bodies.get("en"), queued=0,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()  # claims the key before any mail is written
    contexts = {lang: _context(event, message, lang, settings) for lang in message.subjects}
    for reg in recipients(event, message):
        lang = message.language_for(reg.language)
        queue_mail(reg.email, TEMPLATE, lang, now=now, settings=settings,
                   subject=message.subjects[lang], **contexts[lang])  # fmt: skip
        row.queued += 1
    changes = {f"subject_{lang}": [None, text] for lang, text in message.subjects.items()}
    record(event.id, author, "message", {**changes, "queued": [None, row.queued]}, now=now)
    db.session.flush()
    return row


def past(event: Event) -> list[EventMessage]:
    """The event's messages, the latest first."""
    return list(
        db.session.scalars(
            select(EventMessage)
            .where(EventMessage.event_id == event.id)
            .order_by(EventMessage.at.desc(), EventMessage.id.desc())
        )
    )
