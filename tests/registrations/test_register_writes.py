"""A new registration is written in the fewest statements, and reads back as it was answered."""

from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations.models import Registration, RegistrationChange


@pytest.fixture
def bearer(make_user):
    def make(email: str) -> dict[str, str]:
        token = accounts.create_token(make_user(email), now=clock.now())
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def _writes(statements: list[str]) -> list[str]:
    """The inserts of registering (not the link the mail, rendered after the commit, adds)."""
    # A WITH that inserts (not the token's read, whose CTE notes its last use).
    upper = [s.lstrip().upper() for s in statements]
    inserts = [
        s for s in upper if s.startswith("INSERT") or (s.startswith("WITH") and "INSERT" in s)
    ]
    return [s for s in inserts if "REGISTRATION_LINKS" not in s]


def test_registering_writes_the_place_its_history_and_its_mail_in_one_go(
    client, bearer, make_event
):
    event = make_event(capacity=1)
    ada, bob = bearer("ada@example.org"), bearer("bob@example.org")
    url = f"/api/v1/events/{event.id}/registrations"
    statements: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", note)
    try:
        first = client.post(url, headers=ada).get_json()
        second = client.post(url, headers=bob).get_json()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", note)
    expected = 1 if db.engine.dialect.name == "postgresql" else 3
    assert len(_writes(statements)) == 2 * expected

    db.session.expunge_all()
    for answer, status in ((first, "confirmed"), (second, "waiting")):
        reg = db.session.get(Registration, answer["id"])
        assert (reg.status, answer["status"]) == (status, status)
        assert reg.search_text and "example.org" in reg.search_text
        history = db.session.scalars(
            select(RegistrationChange.what).where(RegistrationChange.registration_id == reg.id)
        ).all()
        assert history == [status]
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == reg.email))
        assert row.render_kind is None and row.subject  # rendered from what was written
        assert row.ical_method == ("REQUEST" if status == "confirmed" else None)
    assert second["position"] == 1 and "number 1 on the waiting list" in row.body_text
    assert db.session.get(Registration, first["id"]).invite_sequence >= 0
