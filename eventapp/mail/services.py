"""Queueing mail: the message is written to the outbox in the caller's transaction.

A view that sends mail calls `queue_mail` and then commits once: the message is stored with the
data that caused it, or not at all, and no request ever waits on SMTP. `flask send-mail`
delivers the outbox (see `delivery.py`).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eventapp.extensions import db
from eventapp.i18n import DEFAULT_LANGUAGE, LANGUAGES
from eventapp.mail.models import OutboxMessage
from eventapp.mail.rendering import render_mail
from eventapp.settings import Settings

QUEUED_FLAG = "mail_queued"  # in `session.info`: this transaction queued mail
LATER_KEY = "mail_to_render"  # in `session.info`: the messages this transaction left to render
# The headers a caller may add: those the message is built with are never theirs to set.
EXTRA_HEADERS = frozenset({"List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"})
_HEADER_VALUE = re.compile(r"[ -~]{1,998}")  # one printable ASCII line (RFC 5322 2.1.1)


class InvalidRecipient(ValueError):
    """An address that cannot go in a `To:` header."""


class InvalidHeader(ValueError):
    """A header that is not one a caller may add, or a value that is not one printable line."""


def queue_mail(
    recipient: str,
    template: str,
    language: str,
    *,
    now: datetime,
    settings: Settings,
    subject: str | None = None,
    ical: str | None = None,
    ical_method: str | None = None,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render `mail/<template>` in `language` and add it to the outbox (flushed, not committed).

    `headers` are added to the message as given (only those of EXTRA_HEADERS, each one line).
    """
    recipient = _check_recipient(recipient)
    extra = _check_headers(headers or {})
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE  # we write mail in no other language
    if ical is not None and not ical_method:
        raise ValueError("an iCalendar part needs its METHOD (REQUEST, CANCEL, PUBLISH…)")
    rendered = render_mail(settings.templates, template, language, context, subject)
    message = OutboxMessage(
        message_id=new_message_id(settings.uid_domain),
        recipient=recipient,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        language=language,
        ical=ical,
        ical_method=ical_method.upper() if ical_method else None,
        headers=json.dumps(extra) if extra else None,
        created_at=now,
        next_attempt_at=now,
        attempts=0,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info[QUEUED_FLAG] = True
    return message


def queue_later(
    recipient: str,
    kind: str,
    language: str,
    spec: Mapping[str, Any],
    *,
    now: datetime,
    settings: Settings,
) -> OutboxMessage:
    """Add a message to the outbox that the renderer `kind` makes after the commit from `spec`
    (deferred.py): nothing is rendered here, so a caller that holds a lock holds it briefly."""
    message = later_message(recipient, kind, language, json.dumps(dict(spec)), now=now,
                            settings=settings)  # fmt: skip
    db.session.add(message)
    db.session.flush()  # with what the caller changed (a refresh under a lock must not undo it)
    queued_later(message)
    return message


def later_message(
    recipient: str, kind: str, language: str, spec: str, *, now: datetime, settings: Settings
) -> OutboxMessage:
    """The outbox row `queue_later` writes, not added to the session (`spec`: its JSON)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    return OutboxMessage(
        message_id=new_message_id(settings.uid_domain), recipient=_check_recipient(recipient),
        subject="", body_text="", body_html="", language=language, ical=None, ical_method=None,
        headers=None, created_at=now, next_attempt_at=now, attempts=0, last_error=None,
        sent_at=None, forget_when_sent=False, render_kind=kind, render_spec=spec,
    )  # fmt: skip


def queued_later(message: OutboxMessage) -> None:
    """Note that this transaction wrote `message` (a persistent row) for rendering later."""
    db.session.info.setdefault(LATER_KEY, []).append(message)
    db.session.info[QUEUED_FLAG] = True


def new_message_id(domain: str | None) -> str:
    """A globally unique Message-ID, `<hex@domain>`, fixed once and for all when queued."""
    return f"<{uuid.uuid4().hex}@{domain or 'localhost'}>"


def _check_recipient(recipient: str) -> str:
    value = recipient.strip()
    if not value or "@" not in value or any(c in value for c in "\r\n<>,;"):
        raise InvalidRecipient(f"not a single e-mail address: {recipient!r}")
    return value


def _check_headers(headers: Mapping[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if name not in EXTRA_HEADERS:
            raise InvalidHeader(f"not a header a caller may add: {name!r}")
        if not _HEADER_VALUE.fullmatch(value):
            raise InvalidHeader(f"{name}: not one line of printable ASCII: {value!r}")
    return dict(headers)
