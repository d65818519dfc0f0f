"""The messages tests' world: one hosted event with people in every status, and their mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.accounts.services import create_token
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations.models import Registration

SINCE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Who registered: name → (language, status).
PEOPLE = {
    "claire": ("fr", "confirmed"),
    "ed": ("en", "confirmed"),
    "wendy": ("en", "waiting"),
    "paul": ("fr", "pending"),
    "carl": ("en", "cancelled"),
}
ROLES = ("organiser", "admin")  # those who may write to the event's registrants


def address(name: str) -> str:
    return f"{name}@example.net"


@pytest.fixture
def people(hosted):
    """A published event of HEC Paris with one registration in each status (see PEOPLE)."""
    event = hosted(title_fr="Séminaire d'éthique", title_en="Ethics seminar")
    for n, (name, (language, status)) in enumerate(PEOPLE.items()):
        at = SINCE + timedelta(minutes=n)
        db.session.add(
            Registration(
                event_id=event.id, email=address(name), name=name.title(), language=language,
                status=status, created_at=at, waiting_since=at if status == "waiting" else None,
                queue_number=n + 1 if status == "waiting" else None,
                hold_until=at + timedelta(days=30) if status == "pending" else None,
                cancelled_at=at if status == "cancelled" else None,
            )
        )  # fmt: skip
    db.session.commit()
    return event


@pytest.fixture
def mails(app):
    """The outbox as committed, by recipient (the person's name)."""

    def read() -> dict[str, OutboxMessage]:
        db.session.commit()
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        found = {row.recipient.split("@")[0]: row for row in rows}
        assert len(found) == len(rows), "someone got the message twice"
        return found

    return read


@pytest.fixture
def bearer(world):
    """The API header of one of the world's users (by role name)."""
    made: dict[str, dict] = {}

    def headers(who: str, **more: str) -> dict:
        if who not in made:
            token = create_token(world.users[who], now=SINCE)
            db.session.commit()
            made[who] = {"Authorization": f"Bearer {token}"}
        return {**made[who], **more}

    return headers
