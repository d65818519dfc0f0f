"""Server-side sessions: log-out, password changes and "log out everywhere" end them for good."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from support import TEST_NOW

from eventapp import create_app
from eventapp.accounts.models import UserSession
from eventapp.extensions import clock, db

PASSWORD = "a-long-enough-password"  # make_user's


def rows() -> list[UserSession]:
    db.session.expire_all()
    return db.session.scalars(select(UserSession).order_by(UserSession.id)).all()


def csrf_of(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def log_in(client, email: str = "ada@example.org", password: str = PASSWORD):
    token = csrf_of(client, "/en/account/login")
    data = {"email": email, "password": password, "csrf_token": token}
    response = client.post("/en/account/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def signed_in(client) -> bool:
    return client.get("/en/account/profile").status_code == 200


@pytest.fixture
def ada(make_user):
    user = make_user("ada@example.org", name="Ada")
    return user


@pytest.fixture
def production(app, database_url, monkeypatch):
    """The app as deployed: EVENTAPP_ENV=production, a real secret, secure cookies."""
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("EVENTAPP_SINGLE_PROCESS", "1")  # rate limits in memory: one process
    made = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "EVENTAPP_CLOCK_START": TEST_NOW})
    assert made.config["EVENTAPP_ENV"] == "production" and not made.testing
    yield made
    with made.app_context():
        db.engine.dispose()


def test_an_admins_cookie_replayed_after_log_out_opens_nothing(production, make_user):
    make_user("root@example.org", role="admin")
    browser = production.test_client()
    log_in(browser, "root@example.org", PASSWORD)
    stolen = browser.get_cookie("session").value
    thief = production.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/en/admin/").status_code == 200  # the copy works while the session lives
    browser.post("/en/account/logout", data={"csrf_token": csrf_of(browser, "/en/admin/")})
    assert browser.get("/en/admin/").status_code == 302
    replayed = production.test_client()
    replayed.set_cookie("session", stolen)
    response = replayed.get("/en/admin/")
    assert response.status_code == 302 and "/account/login" in response.location
    assert thief.get("/en/admin/").status_code == 302


def test_log_in_renews_the_cookie_and_the_csrf_token(app, ada, client):
    before_token = csrf_of(client, "/en/account/login")
    before_cookie = client.get_cookie("session").value
    log_in(client)
    assert client.get_cookie("session").value != before_cookie
    assert csrf_of(client, "/en/account/profile") != before_token
    # The token of the anonymous visit (which a log-in CSRF would plant) no longer passes.
    stale = client.post(
        "/en/account/profile",
        data={"name": "Eve", "language": "en", "csrf_token": before_token},
    )
    assert stale.status_code == 400
    db.session.refresh(ada)
    assert ada.name == "Ada"
    # The cookie from before the log-in is still anonymous in any browser.
    other = app.test_client()
    other.set_cookie("session", before_cookie)
    assert not signed_in(other)


def test_logging_in_again_ends_the_session_the_browser_had(app, ada, client):
    log_in(client)
    first = client.get_cookie("session").value
    log_in(client)
    replay = app.test_client()
    replay.set_cookie("session", first)
    assert not signed_in(replay)
    assert signed_in(client) and len(rows()) == 1


def test_the_cookie_holds_a_secret_whose_hash_only_is_stored(ada, client):
    log_in(client)
    with client.session_transaction() as session:
        secret = session["_user_id"]
    [row] = rows()
    assert row.user_id == ada.id and str(ada.id) not in secret.split(":")
    assert len(secret) >= 40 and secret != row.token_hash
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_a_password_change_keeps_this_browser_and_ends_the_others(app, ada, client):
    other = app.test_client()
    log_in(client)
    log_in(other)
    token = csrf_of(client, "/en/account/profile")
    new = {"password": "a-fresh-long-secret", "confirm": "a-fresh-long-secret"}
    wrong = client.post(
        "/en/account/password", data={**new, "current": "not the password", "csrf_token": token}
    )
    assert wrong.status_code == 400
    assert "The current password is wrong." in wrong.get_data(as_text=True)
    assert signed_in(other)
    done = client.post(
        "/en/account/password", data={**new, "current": PASSWORD, "csrf_token": token}
    )
    assert done.status_code == 302
    assert signed_in(client) and not signed_in(other)
    assert len(rows()) == 1
    fresh = app.test_client()
    log_in(fresh, password="a-fresh-long-secret")


def test_a_reset_ends_every_session(app, ada, client, outbox, link_in):
    elsewhere = app.test_client()
    log_in(elsewhere)
    token = csrf_of(client, "/en/account/reset")
    client.post("/en/account/reset", data={"email": "ada@example.org", "csrf_token": token})
    link = link_in(outbox()[-1])
    data = {"password": "a-brand-new-secret", "confirm": "a-brand-new-secret"}
    done = client.post(link, data={**data, "csrf_token": csrf_of(client, link)})
    assert done.status_code == 302
    assert not signed_in(elsewhere)
    assert signed_in(client)  # the browser that reset is the only one in
    assert len(rows()) == 1


def test_log_out_everywhere_ends_every_session_of_the_user(app, ada, make_user, client):
    make_user("bob@example.org")
    phone, bob = app.test_client(), app.test_client()
    log_in(client)
    log_in(phone)
    log_in(bob, "bob@example.org", PASSWORD)
    page = client.get("/en/account/profile").get_data(as_text=True)
    assert "This account is logged in on 2 browsers." in page
    assert 'action="/en/account/sessions/end"' in page and "Log out everywhere" in page
    assert client.post("/en/account/sessions/end").status_code == 400  # no CSRF token
    assert signed_in(phone)
    token = csrf_of(client, "/en/account/profile")
    assert client.post("/en/account/sessions/end", data={"csrf_token": token}).status_code == 302
    assert not signed_in(client) and not signed_in(phone)
    assert signed_in(bob)  # someone else's sessions are theirs
    assert [row.user_id for row in rows()] != [] and all(r.user_id != ada.id for r in rows())


def test_last_seen_is_written_at_most_every_five_minutes(ada, client):
    log_in(client)
    [row] = rows()
    seen = row.last_seen_at
    clock.advance(timedelta(minutes=2))
    assert signed_in(client)
    assert rows()[0].last_seen_at == seen
    clock.advance(timedelta(minutes=4))
    assert signed_in(client)
    assert rows()[0].last_seen_at > seen + timedelta(minutes=5)


def test_a_signed_in_page_costs_one_read_of_the_sessions(app, ada, client):
    log_in(client)
    client.get("/en/account/profile")  # anything done once per browser is done
    statements = []

    def note(conn, cursor, statement, *args):
        if "user_sessions" in statement:
            statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get("/en/events/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert statements == ["SELECT"]


def test_a_session_unseen_for_its_lifetime_is_dead_and_then_deleted(app, ada, make_user, client):
    make_user("bob@example.org")
    log_in(client)
    clock.advance(app.permanent_session_lifetime + timedelta(minutes=1))
    assert not signed_in(client)
    assert len(rows()) == 1  # dead, not yet deleted
    log_in(app.test_client(), "bob@example.org", PASSWORD)
    assert [row.user_id for row in rows()] != [ada.id] and len(rows()) == 1


def test_the_lifetime_is_set_by_eventapp_session_days(monkeypatch, database_url):
    monkeypatch.setenv("EVENTAPP_SESSION_DAYS", "2")
    made = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    assert made.permanent_session_lifetime == timedelta(days=2)
