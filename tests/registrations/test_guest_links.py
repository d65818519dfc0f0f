"""The links in registration mails: opaque, kept hashed, one per mail, dead after the event."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer
from registration_pages import link, outbox, registration, text
from sqlalchemy import select

from eventapp.extensions import clock, db
from eventapp.registrations import links, services
from eventapp.registrations.models import RegistrationLink

GUEST = {"name": "Grace", "email": "grace@example.org", "consent": "y"}


@pytest.fixture
def guest_mail(post_form, make_event):
    """Grace registered as a guest for an event in 3 days; her confirmation mail."""
    event = make_event(capacity=5, start=(clock.now() + timedelta(days=3)).replace(tzinfo=None))
    page = f"/en/events/{event.id}"
    assert post_form(f"{page}/guest", GUEST, page=page).status_code == 302
    [mail] = outbox("grace@example.org")
    return event, mail


def _token(path: str) -> str:
    return path.split("/registrations/")[1].split("/")[0]


def test_a_link_carries_nothing_readable_and_only_its_hash_is_kept(guest_mail):
    _event, mail = guest_mail
    token = _token(link(mail, "/confirm"))
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(token) == 43 and b"grace" not in decoded.lower()
    stored = db.session.scalars(select(RegistrationLink.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_the_link_works_until_the_event_is_over_then_says_so_in_the_page_language(
    client, guest_mail
):
    event, mail = guest_mail
    manage = link(mail, "/confirm").removesuffix("/confirm")
    assert client.get(manage).status_code == 200
    clock.set(event.end_at - timedelta(minutes=1))
    assert client.get(manage).status_code == 200
    clock.set(event.end_at)
    gone = client.get(manage.replace("/en/", "/fr/"))
    assert gone.status_code == 404
    assert "Ce lien ne fonctionne pas" in text(gone) and "inscrivez-vous à nouveau" in text(gone)
    for ending in ("/confirm", "/cancel", "/data.json", "/erase"):
        assert client.get(manage + ending).status_code == 404


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 44, "a.b", "é" * 43])
def test_unknown_or_malformed_tokens_are_a_clear_404(client, guest_mail, token):
    answer = client.get(f"/en/registrations/{token}")
    assert answer.status_code == 404 and "This link does not work" in text(answer)


def test_a_token_with_a_control_character_is_the_router_s_404_in_the_page_s_language(
    client, guest_mail
):
    answer = client.get("/fr/registrations/a%00b")
    assert answer.status_code == 404 and "Page introuvable" in text(answer)


def test_a_link_of_the_older_signed_form_is_a_clear_404_never_a_500(client, guest_mail):
    reg = registration("grace@example.org")
    old = URLSafeSerializer("test", salt="registration").dumps([reg.id, reg.email])
    for ending in ("", "/confirm", "/cancel", "/data.json", "/erase"):
        answer = client.get(f"/en/registrations/{old}{ending}")
        assert answer.status_code == 404, ending
    assert "register again on the event page with the same address" in text(answer)
    assert registration("grace@example.org").status == "pending"


def test_every_mail_has_its_own_link(client, guest_mail, post_form):
    event, first = guest_mail
    client.get(link(first, "/confirm"))
    second = outbox("grace@example.org")[-1]
    assert _token(link(first)) != _token(link(second))
    assert client.get(link(first)).status_code == client.get(link(second)).status_code == 200


def test_a_cancelled_registration_s_links_never_open_the_next_one(client, guest_mail, post_form):
    event, mail = guest_mail
    manage = link(mail, "/confirm").removesuffix("/confirm")
    client.get(manage + "/confirm")
    assert post_form(manage + "/cancel", {}, page=manage + "/cancel").status_code == 302
    page = text(client.get(manage))
    assert "cancelled" in page.lower() and "Register again from the event page" in page
    post_form(f"/en/events/{event.id}/guest", GUEST, page=f"/en/events/{event.id}")
    assert registration("grace@example.org").status == "pending"
    assert client.get(manage).status_code == 404
    assert client.get(manage + "/confirm").status_code == 404
    fresh = link(outbox("grace@example.org")[-1], "/confirm")
    assert client.get(fresh).status_code == 200
    assert registration("grace@example.org").status == "confirmed"


def test_links_follow_the_event_when_it_moves(app, guest_mail, settings):
    from eventapp.events import signals

    event, mail = guest_mail
    token = _token(link(mail))
    event.start_at += timedelta(days=7)
    event.end_at += timedelta(days=7)
    signals.event_moved.send(event, now=clock.now(), settings=settings, changes=["end_at"])
    db.session.commit()
    assert links.find(token, now=event.end_at - timedelta(days=1)) is not None
    assert links.find(token, now=event.end_at) is None


def test_an_account_opens_its_registration_with_a_link_made_on_demand(
    client, make_user, make_event, settings
):
    from support import log_in_as

    ada = make_user("ada@example.org")
    event = make_event(capacity=5)
    reg = services.register(event, services.Attendee.of(ada), now=clock.now(), settings=settings)
    db.session.commit()
    log_in_as(client, ada)
    page = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert f'href="/en/my/registrations/{reg.id}"' in page
    answer = client.get(f"/en/my/registrations/{reg.id}")
    assert answer.status_code == 302
    assert client.get(answer.headers["Location"]).status_code == 200
    other = make_user("bob@example.org")
    log_in_as(client, other)
    assert client.get(f"/en/my/registrations/{reg.id}").status_code == 404
