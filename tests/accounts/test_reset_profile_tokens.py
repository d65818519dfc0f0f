"""Password reset, the profile, API tokens, the command line and rate limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventapp import create_app
from eventapp.accounts import services
from eventapp.extensions import clock, db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def ada(runner):
    result = runner.invoke(
        args=["create-user", "ada@example.org", "--name", "Ada", "--language", "fr"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    return services.find_user("ada@example.org")


def log_in(post_form, password: str = PASSWORD):
    return post_form("/en/account/login", {"email": "ada@example.org", "password": password})


def test_reset_answers_alike_and_sends_the_link_only_to_real_accounts(ada, post_form, outbox):
    known = post_form("/en/account/reset", {"email": "ada@example.org"})
    unknown = post_form("/en/account/reset", {"email": "nobody@example.org"})
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    mail, no_account = outbox()
    assert mail.recipient == "ada@example.org" and mail.subject.startswith("Choisissez")
    assert no_account.recipient == "nobody@example.org" and "/reset/" not in no_account.body_text


def test_reset_link_sets_the_password_once_and_logs_out_other_sessions(
    app, ada, client, post_form, outbox, link_in
):
    other = app.test_client()
    other_token = other.get("/en/account/login").get_data(as_text=True)
    assert other_token
    log_in(post_form)  # this client's session, which the reset must end
    post_form("/en/account/reset", {"email": "ada@example.org"})
    link = link_in(outbox()[0])
    client.delete_cookie("session")
    done = post_form(link, {"password": "a-brand-new-secret", "confirm": "a-brand-new-secret"})
    assert done.status_code == 302
    client.delete_cookie("session")
    assert log_in(post_form).status_code == 400
    assert log_in(post_form, "a-brand-new-secret").status_code == 302
    again = client.get(link, follow_redirects=True)
    assert "a expiré ou a déjà servi" in again.get_data(as_text=True)


def test_a_reset_link_expires_by_the_apps_clock(ada, client, post_form, outbox, link_in):
    post_form("/en/account/reset", {"email": "ada@example.org"})
    link = link_in(outbox()[0])
    assert client.get(link).status_code == 200
    clock.advance(timedelta(hours=3))  # a reset link lives two hours
    expired = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "a expiré ou a déjà servi" in expired


def test_a_password_change_ends_existing_sessions(ada, client, post_form):
    log_in(post_form)
    assert client.get("/en/account/profile").status_code == 200
    services.set_password(ada, "another-long-secret")
    db.session.commit()
    assert client.get("/en/account/profile").status_code == 302


def test_profile_edit_refuses_bad_input_and_saves_good(ada, client, post_form):
    log_in(post_form)
    bad = post_form("/fr/account/profile", {"name": "", "affiliation": "X", "language": "en"})
    assert bad.status_code == 400
    assert "Ce champ est obligatoire." in bad.get_data(as_text=True)
    db.session.refresh(ada)
    assert ada.name == "Ada" and ada.language == "fr"
    good = post_form("/fr/account/profile", {"name": "Ada L.", "affiliation": "", "language": "en"})
    assert good.status_code == 302
    db.session.refresh(ada)
    assert (ada.name, ada.affiliation, ada.language) == ("Ada L.", None, "en")


def test_tokens_are_shown_once_listed_and_revocable(ada, client, post_form):
    log_in(post_form)
    page = post_form("/en/account/tokens", {}, page="/en/account/profile").get_data(as_text=True)
    token = page.split('<code class="token">')[1].split("</code>")[0]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json["email"] == "ada@example.org"
    profile = client.get("/en/account/profile").get_data(as_text=True)
    assert token not in profile
    assert "Active" in profile and "UTC" in profile and "Never" not in profile
    revoke_url = profile.split('action="/en/account/tokens/')[1].split('"')[0]
    post_form(f"/en/account/tokens/{revoke_url}", {}, page="/en/account/profile")
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert "Revoked" in client.get("/en/account/profile").get_data(as_text=True)


def test_tokens_are_stored_hashed(ada, runner):
    token = runner.invoke(args=["create-token", "ada@example.org"]).output.strip()
    assert len(token) > 30 and "\n" not in token
    stored = [t.token_hash for t in ada.tokens]
    assert token not in stored and len(stored) == 1


def test_create_user_refuses_bad_input(runner):
    assert runner.invoke(args=["create-user", "x@example.org"], input="short\n").exit_code != 0
    bad_org = runner.invoke(
        args=["create-user", "o@example.org", "--role", "organiser", "--organisation", "nope"],
        input=PASSWORD + "\n",
    )
    assert bad_org.exit_code != 0 and "nope" in bad_org.output
    assert services.find_user("o@example.org") is None


def test_an_unknown_token_owner_gets_an_error(runner):
    result = runner.invoke(args=["create-token", "ghost@example.org"])
    assert result.exit_code != 0


def test_log_in_is_rate_limited_in_the_page_language(app, ada, post_form):
    app.config["AUTH_RATE_LIMIT"] = "3 per minute"
    statuses = [log_in(post_form, "wrong").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    page = post_form(
        "/fr/account/login", {"email": "ada@example.org", "password": "x"}, page="/fr/account/login"
    )
    assert page.status_code == 429
    assert "Trop de tentatives" in page.get_data(as_text=True)


def test_two_processes_share_the_count_through_redis(app, database_url, ada, redis_limits):
    config = {
        "TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
        "AUTH_RATE_LIMIT": "2 per minute", "WTF_CSRF_ENABLED": False, **redis_limits,
    }  # fmt: skip
    first, second = create_app(config), create_app(config)
    data = {"email": "ada@example.org", "password": "wrong"}
    codes = [
        first.test_client().post("/en/account/login", data=data).status_code,
        second.test_client().post("/en/account/login", data=data).status_code,
        first.test_client().post("/en/account/login", data=data).status_code,
        second.test_client().post("/en/account/login", data=data).status_code,
    ]
    assert codes == [400, 400, 429, 429]
