"""Deleting an account: places passed on, the past kept without a name, nothing personal left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from personal_world import ADDRESS, NAME, NEEDLES, PASSWORD, START, deliver, mail_to
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from eventapp.accounts.models import User
from eventapp.events.history import EventChange
from eventapp.extensions import clock, db
from eventapp.mail.delivery import FORGOTTEN, MAX_ATTEMPTS
from eventapp.mail.models import OutboxMessage
from eventapp.personal import mails
from eventapp.registrants.models import EventMessage
from eventapp.registrations import services
from eventapp.registrations.models import Registration, RegistrationChange

LATER = START + timedelta(days=7)


def exists(model, ident: int) -> bool:
    db.session.commit()
    return db.session.scalar(select(model.id).where(model.id == ident)) is not None


@pytest.fixture
def zephyrine(person, full_event, attended_past_event, hosted, settings):
    """Zéphyrine holds the one place of an event to come (the attendee waits for it), came to
    an event that is over, and registered for another as a guest, under the same address."""
    event, reg, waiting = full_event(services.Attendee.of(person))
    past, old = attended_past_event(services.Attendee.of(person))
    services.register(
        hosted(start=LATER, capacity=5), services.Attendee(ADDRESS, NAME, "fr", "Institut Ω"),
        now=clock.now(), settings=settings, guest=True,
    )  # fmt: skip
    db.session.commit()
    return event, reg, waiting, past, old


def test_deleting_the_account_passes_the_place_on_and_leaves_only_the_last_mail(
    app, client, runner, login, submit, zephyrine, traces, smtp_server, fresh, worker_delivers
):
    event, reg, waiting, past, old = zephyrine
    assert traces(*NEEDLES)  # the search finds her before
    login("person")
    profile = client.get("/fr/account/profile").get_data(as_text=True)
    assert 'href="/fr/account/delete">Supprimer mon compte</a>' in profile
    page = client.get("/fr/account/delete").get_data(as_text=True)
    assert "Supprimer définitivement mon compte" in page

    response = submit("/fr/account/delete", {"password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/privacy/erased"
    assert "Vos données sont effacées" in client.get("/fr/privacy/erased").get_data(as_text=True)
    assert client.get("/fr/account/profile").status_code == 302  # logged out
    # The first person waiting has the place, and is told.
    assert fresh(Registration, waiting.id).status == "confirmed"
    [promoted] = mail_to("att@example.org")[-1:]
    assert promoted.subject.startswith("A place is yours")
    # Her place is cancelled; her past registration still counts, attended, but is no one's.
    gone, kept = fresh(Registration, reg.id), fresh(Registration, old.id)
    assert gone.status == "cancelled" and gone.email.endswith("@erased.invalid")
    assert (kept.status, kept.name, kept.affiliation, kept.user_id) == ("confirmed", "", None, None)
    assert kept.attended_at is not None and kept.email.endswith("@erased.invalid")
    counted = select(func.count()).where(
        Registration.event_id == past.id, Registration.status == "confirmed",
        Registration.attended_at.is_not(None),
    )  # fmt: skip
    assert db.session.scalar(counted) == 1
    assert db.session.scalar(select(User).where(User.email == ADDRESS)) is None
    # Nothing anywhere names her, but the one mail that says it is done, in her language.
    assert traces(*NEEDLES) == [("outbox", "recipient")]
    [last] = mail_to(ADDRESS)
    assert last.subject == "Votre compte et vos données sont effacés"
    assert "Séminaire accueilli" in last.body_text  # the place she gave back
    assert last.forget_when_sent

    handler = deliver(app, runner, smtp_server)

    assert [m["Subject"] for m in handler.accepted if m["To"] == ADDRESS] == [last.subject]
    assert traces(*NEEDLES) == []
    sent = fresh(OutboxMessage, last.id)
    assert sent.sent_at is not None and sent.body_text == "" and sent.body_html == ""


def test_a_wrong_password_changes_nothing(client, login, submit, zephyrine, fresh):
    event, reg, waiting, past, old = zephyrine
    login("person")
    before = len(mail_to(ADDRESS))

    response = submit("/en/account/delete", {"password": "not my password"})

    assert response.status_code == 403
    assert "This is not your password." in response.get_data(as_text=True)
    assert fresh(Registration, reg.id).status == "confirmed"
    assert fresh(Registration, waiting.id).status == "waiting"
    assert fresh(Registration, old.id).name == NAME
    assert len(mail_to(ADDRESS)) == before
    assert client.get("/en/account/profile").status_code == 200  # still logged in
    assert submit("/en/account/delete", {"password": ""}).status_code == 400


def test_the_form_needs_its_csrf_token(client, login, person, fresh):
    login("person")
    response = client.post("/en/account/delete", data={"password": PASSWORD})
    assert response.status_code == 400
    assert exists(User, person.id)


def test_the_last_admin_cannot_go(client, login, submit, world, fresh):
    admin = world.users["admin"]
    admin.password_hash = generate_password_hash(PASSWORD)
    db.session.commit()
    login("admin")

    response = submit("/en/account/delete", {"password": PASSWORD})

    assert response.status_code == 409
    assert "You are the only administrator" in response.get_data(as_text=True)
    assert exists(User, admin.id)


def test_the_api_deletes_an_organiser_and_keeps_what_they_did_for_others(
    client, person, world, bearer, hosted, settings, fresh
):
    person.role, person.organisations = "organiser", [world.hec]
    event = hosted(capacity=10)
    other = services.register(
        event, services.Attendee.of(world.users["attendee"]), now=event.start_at, settings=settings
    )
    other.attended_at, other.attended_by = event.start_at, person
    line = RegistrationChange(
        registration=other, at=event.start_at, what="attended", by_id=person.id
    )
    change = EventChange(event_id=event.id, user_id=person.id, at=event.start_at, action="edited")
    message = EventMessage(
        event_id=event.id, user_id=person.id, nonce="n1", at=event.start_at, recipients=[],
        queued=0,
    )  # fmt: skip
    db.session.add_all([line, change, message])
    db.session.commit()
    headers = bearer(person)

    assert client.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 401
    refused = client.delete("/api/v1/me", json={"password": "nope"}, headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["fields"] == {"password": "This is not your password."}
    assert client.delete("/api/v1/me", json={}, headers=headers).status_code == 400
    assert client.delete("/api/v1/me", headers=headers).status_code == 400

    response = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=headers)

    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # the token died
    assert fresh(Registration, other.id).attended_by_id is None  # SET NULL, in both databases
    assert fresh(Registration, other.id).attended_at is not None
    assert fresh(RegistrationChange, line.id).by_id is None
    assert fresh(EventChange, change.id).user_id is None
    assert fresh(EventMessage, message.id).user_id is None


def test_the_api_refuses_the_last_admin(client, world, bearer, fresh):
    admin = world.users["admin"]
    admin.password_hash = generate_password_hash(PASSWORD)
    db.session.commit()
    response = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=bearer(admin))
    assert response.status_code == 409
    assert "only administrator" in response.get_json()["error"]["message"]
    assert exists(User, admin.id)


def test_an_admin_may_go_when_another_remains(client, world, bearer, fresh):
    admin = world.users["admin"]
    admin.password_hash = generate_password_hash(PASSWORD)
    world.users["other"].role = "admin"
    db.session.commit()
    admin_id, headers = admin.id, bearer(admin)
    response = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 204
    assert not exists(User, admin_id)


def test_a_last_mail_given_up_is_forgotten_too(app, runner, person, settings, smtp_server):
    mails.erasure_confirmed(ADDRESS, "en", [], account=True, now=clock.now(), settings=settings)
    [message] = mail_to(ADDRESS)
    message.attempts = MAX_ATTEMPTS - 1  # the next permanent refusal is the last try
    db.session.commit()
    handler, port = smtp_server(refuse_recipients=True)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)

    result = runner.invoke(args=["send-mail"])

    assert "1 given up" in result.output
    assert mail_to(ADDRESS) == []
    assert db.session.get(OutboxMessage, message.id).recipient == FORGOTTEN
