"""The links in registration e-mails: opaque random tokens, kept only as their SHA-256.

Each mail that carries a link makes a token of its own; any of them opens its registration until
the event is over (`expires_at`, moved along with the event). A token names one registration
life only: when a cancelled registration is taken up again (or an account takes over a guest's
unconfirmed one), its old tokens are revoked and the new mails bring new ones.

Links of the older signed form (`[id, address]` in readable base64) are not honoured: they get
the page that explains how to have a new link sent.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from eventapp.extensions import db
from eventapp.registrations.models import Registration, RegistrationLink
from eventapp.settings import Settings

# token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(reg: Registration, *, now: datetime, session: Session | None = None) -> str:
    """A new link token for `reg` (flushed in `session`, by default the app's), valid until its
    event ends."""
    session = session if session is not None else db.session
    token = secrets.token_urlsafe(32)
    session.add(
        RegistrationLink(
            registration_id=reg.id, token_hash=_digest(token), created_at=now,
            expires_at=reg.event.end_at,
        )
    )  # fmt: skip
    session.flush()
    return token


def find(token: str, *, now: datetime) -> Registration | None:
    """The registration a token opens at `now`; None for a token unknown, expired or malformed."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return db.session.scalar(
        select(Registration)
        .join(RegistrationLink, RegistrationLink.registration_id == Registration.id)
        .where(RegistrationLink.token_hash == _digest(token), RegistrationLink.expires_at > now)
    )


def revoke(reg: Registration) -> None:
    """Every link of `reg` stops working (a new registration life, or its data erased)."""
    db.session.execute(delete(RegistrationLink).where(RegistrationLink.registration_id == reg.id))


def follow_event(event_id: int, end_at: datetime) -> None:
    """The links of an event's registrations last until its (new) end."""
    ids = select(Registration.id).where(Registration.event_id == event_id)
    db.session.execute(
        update(RegistrationLink)
        .where(RegistrationLink.registration_id.in_(ids))
        .values(expires_at=end_at)
        .execution_options(synchronize_session=False)
    )


# Built from the base URL rather than url_for: mail is also queued by commands, outside requests.
def manage_url(token: str, lang: str, settings: Settings) -> str:
    """The page where the person sees and gives back their place (`registrations.manage`)."""
    return settings.absolute(f"/{lang}/registrations/{token}")


def confirm_url(token: str, lang: str, settings: Settings) -> str:
    """The guest's confirmation link (`registrations.confirm`)."""
    return settings.absolute(f"/{lang}/registrations/{token}/confirm")
