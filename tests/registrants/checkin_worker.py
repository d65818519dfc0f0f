"""A check-in made from its own thread, with its own app and database session, as a second
organiser's phone would make it through a second server."""

from __future__ import annotations

from datetime import UTC, datetime

from own_app import in_own_app

AT_THE_DOOR = datetime(2027, 3, 26, 12, 40, tzinfo=UTC)


def check_in_once(
    database_url: str, event_id: int, registration_id: int, user_id: int, attended: bool, barrier
) -> str:
    """Mark (or undo) the registration as user `user_id`, held at `barrier` between the read and
    the write; returns 'ok', or the error."""
    from eventapp.accounts.models import User
    from eventapp.extensions import db
    from eventapp.registrants import checkin

    def work() -> str:
        checkin.check_in(
            registration_id, event_id=event_id, attended=attended,
            by=db.session.get(User, user_id), now=AT_THE_DOOR,
            pause=lambda: barrier.wait(timeout=60),
        )  # fmt: skip
        return "ok"

    return in_own_app(database_url, work)
