"""A new registration is written in the fewest statements, and reads back as it was answered."""

from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select, update

from eventapp.accounts import services as accounts
from eventapp.events.models import Event
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


def test_a_free_place_goes_to_the_first_waiting_before_a_newcomer(client, bearer, make_event):
    # The count finds people waiting and a place free (the capacity was raised behind the
    # queue's back): they are promoted first, and the newcomer waits behind them.
    event = make_event(capacity=1)
    url = f"/api/v1/events/{event.id}/registrations"
    as_ada = bearer("ada@example.org")
    ada = client.post(url, headers=as_ada).get_json()
    bob = client.post(url, headers=bearer("bob@example.org")).get_json()
    assert (ada["status"], bob["status"], bob["position"]) == ("confirmed", "waiting", 1)
    db.session.execute(update(Event).where(Event.id == event.id).values(capacity=2))
    db.session.commit()
    cleo = client.post(url, headers=bearer("cleo@example.org")).get_json()
    dan = client.post(url, headers=bearer("dan@example.org")).get_json()
    db.session.expire_all()
    assert db.session.get(Registration, bob["id"]).status == "confirmed"
    assert (cleo["status"], cleo["position"]) == ("waiting", 1)
    assert (dan["status"], dan["position"]) == ("waiting", 2)
    # Registering again: the registration as it is, nothing written.
    again = client.post(url, headers=as_ada)
    assert (again.status_code, again.get_json()["id"]) == (200, ada["id"])
