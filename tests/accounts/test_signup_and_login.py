"""Signing up, confirming, logging in and out, through the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.extensions import db

SIGNUP = {
    "name": "Marie Curie",
    "email": "Marie.Curie@Example.org",
    "affiliation": "Université Paris-Saclay",
    "language": "fr",
    "password": "radium-and-polonium",
    "confirm": "radium-and-polonium",
}


def users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_signup_sends_a_confirmation_in_the_chosen_language(client, post_form, outbox, link_in):
    page = post_form("/en/account/signup", SIGNUP)
    assert page.status_code == 200
    assert "Check your inbox" in page.get_data(as_text=True)
    [mail] = outbox()
    assert mail.recipient == "marie.curie@example.org"
    assert mail.language == "fr"
    assert mail.subject == "Confirmez votre adresse"
    assert "Bonjour Marie Curie" in mail.body_text
    confirmed = client.get(link_in(mail), follow_redirects=True)
    assert "Votre adresse est confirmée" in confirmed.get_data(as_text=True)
    assert "Marie Curie" in client.get("/fr/account/profile").get_data(as_text=True)


def test_signup_with_a_taken_address_answers_the_same_and_tells_the_owner(
    client, post_form, outbox
):
    post_form("/en/account/signup", SIGNUP)
    again = post_form("/en/account/signup", {**SIGNUP, "email": "MARIE.curie@example.org"})
    assert again.status_code == 200
    assert "Check your inbox" in again.get_data(as_text=True)
    assert users() == 1
    first, second = outbox()
    assert second.subject == "Vous avez déjà un compte"


def test_bad_signup_keeps_what_was_typed_and_saves_nothing(client, post_form, outbox):
    bad = {**SIGNUP, "email": "not-an-address", "password": "short", "confirm": "other"}
    page = post_form("/fr/account/signup", bad)
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert 'value="Marie Curie"' in html and 'value="not-an-address"' in html
    assert "Saisissez une adresse électronique." in html
    assert "Les deux mots de passe diffèrent." in html
    assert 'aria-invalid="true"' in html
    assert users() == 0 and outbox() == []


def test_forms_refuse_a_post_without_csrf_token(client):
    response = client.post("/en/account/signup", data=SIGNUP)
    assert response.status_code == 400
    assert users() == 0


def test_login_answers_alike_for_unknown_address_and_wrong_password(client, post_form, runner):
    runner.invoke(args=["create-user", "ada@example.org"], input="correct-horse-battery\n")
    wrong = post_form("/en/account/login", {"email": "ada@example.org", "password": "nope"})
    unknown = post_form("/en/account/login", {"email": "bob@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    message = "The address or the password is wrong."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    ok = post_form(
        "/en/account/login?next=/fr/events/",
        {"email": "ADA@example.org", "password": "correct-horse-battery", "next": "/fr/events/"},
    )
    assert ok.status_code == 302 and ok.headers["Location"] == "/fr/events/"


HOSTILE_NEXT = (
    "//evil.example", "https://evil.example/", "/\\evil.example", "\\/\\/evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\r\nX: y", " //evil.example",
    "https:evil.example", "%2F%2Fevil.example", "/\uff0f/evil.example", "/\u2215evil.example",
    "\uff0f\uff0fevil.example", "/\x00/evil.example", "javascript:alert(1)",
)  # fmt: skip


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(client, post_form, runner, target):
    runner.invoke(args=["create-user", "ada@example.org"], input="correct-horse-battery\n")
    response = post_form(
        "/en/account/login",
        {"email": "ada@example.org", "password": "correct-horse-battery", "next": target},
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]
    assert response.headers["Location"] == "/en/events/"


def test_an_unconfirmed_account_gets_a_new_link_instead_of_a_session(client, post_form, outbox):
    post_form("/en/account/signup", SIGNUP)
    response = post_form(
        "/en/account/login", {"email": SIGNUP["email"], "password": SIGNUP["password"]}
    )
    assert "not confirmed yet" in response.get_data(as_text=True)
    assert len(outbox()) == 2
    assert client.get("/en/account/profile").status_code == 302


def test_logout_ends_the_session(client, post_form, runner):
    runner.invoke(args=["create-user", "ada@example.org"], input="correct-horse-battery\n")
    post_form(
        "/en/account/login", {"email": "ada@example.org", "password": "correct-horse-battery"}
    )
    assert client.get("/en/account/profile").status_code == 200
    post_form("/en/account/logout", {}, page="/en/account/profile")
    assert client.get("/en/account/profile").status_code == 302


def test_session_cookie_is_httponly_and_lax(client, post_form, runner):
    runner.invoke(args=["create-user", "ada@example.org"], input="correct-horse-battery\n")
    response = post_form(
        "/en/account/login", {"email": "ada@example.org", "password": "correct-horse-battery"}
    )
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
