"""Everything held about a person, as plain JSON-ready data (a pure builder over the rows).

Mail is listed by subject, date and status, never with its body: the bodies were delivered to
the person already, and they carry signed links (manage, confirm, reset) that would stay valid
in a downloaded file that may be shared or stored anywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.follows.listing import follows_data
from eventapp.mail.delivery import GIVEN_UP
from eventapp.mail.models import OutboxMessage
from eventapp.registrations.mine import made_with
from eventapp.registrations.models import Registration
from eventapp.settings import Settings


def instant(value: datetime | None) -> str | None:
    """An instant in ISO 8601, in UTC."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def export_person(user: User, *, settings: Settings) -> dict[str, Any]:
    """The account's profile, registrations, consents, tokens, feed, follows and mail, as JSON
    data."""
    regs = db.session.scalars(
        select(Registration).where(made_with(user)).order_by(Registration.id)
    ).all()
    return {
        "profile": {
            "email": user.email,
            "name": user.name,
            "affiliation": user.affiliation,
            "language": user.language,
            "role": user.role,
            "organisations": [org.slug for org in user.organisations],
            "created_at": instant(user.created_at),
            "confirmed_at": instant(user.confirmed_at),
        },  # fmt: skip
        "registrations": [registration_data(reg, settings) for reg in regs],
        "consents": consents(regs),
        "api_tokens": [
            {
                "id": token.id,
                "created_at": instant(token.created_at),
                "last_used_at": instant(token.last_used_at),
                "revoked_at": instant(token.revoked_at),
            }  # fmt: skip
            for token in user.tokens
        ],
        "personal_feed": user.feed_token_hash is not None,
        "follows": follows_data(user, settings),
        "mail": mail_to(user.email),
    }


def export_registration(reg: Registration, *, settings: Settings) -> dict[str, Any]:
    """What is held for one registration (a guest's, from the link in their mail)."""
    return {
        "person": {"email": reg.email, "name": reg.name, "affiliation": reg.affiliation,
                   "language": reg.language},
        "registration": registration_data(reg, settings),
        "consents": consents([reg]),
        "mail": mail_to(reg.email),
    }  # fmt: skip


def registration_data(reg: Registration, settings: Settings) -> dict[str, Any]:
    """One registration: its event, status, sessions, dates and history of status."""
    event, lang = reg.event, reg.language
    return {
        "id": reg.id,
        "event": {
            "id": event.id, "title": event.localised("title", lang).text,
            "start": instant(event.start_at), "url": Site.of(settings).event_url(event, lang),
        },
        "status": reg.status,
        "sessions": [
            {"id": c.session_id, "title": c.session.localised("title", lang).text,
             "status": c.status}
            for c in reg.sessions
        ],
        "created_at": instant(reg.created_at), "consent_at": instant(reg.consent_at),
        "confirmed_at": instant(reg.confirmed_at), "cancelled_at": instant(reg.cancelled_at),
        "attended": reg.attended_at is not None, "attended_at": instant(reg.attended_at),
        "history": [{"at": instant(line.at), "what": line.what} for line in reg.changes],
    }  # fmt: skip


def consents(regs: list[Registration] | tuple[Registration, ...]) -> list[dict[str, Any]]:
    """The consents given on the guest form: to keep the data needed for the registration."""
    return [
        {"registration": reg.id, "event": reg.event_id, "given_at": instant(reg.consent_at)}
        for reg in regs
        if reg.consent_at is not None
    ]


def mail_status(message: OutboxMessage) -> str:
    if message.sent_at is not None:
        return "sent"
    return "failed" if message.next_attempt_at == GIVEN_UP else "pending"


def mail_to(address: str) -> list[dict[str, Any]]:
    """The messages to `address` in the outbox: subject, date and status (not the bodies)."""
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(func.lower(OutboxMessage.recipient) == address.lower())
        .order_by(OutboxMessage.id)
    )
    return [
        {"subject": m.subject, "created_at": instant(m.created_at),
         "sent_at": instant(m.sent_at), "status": mail_status(m)}
        for m in rows
    ]  # fmt: skip
