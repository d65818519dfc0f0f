"""One password rule, with the same words on sign-up, reset, change and `create-user`."""

from __future__ import annotations

import re

import pytest

from eventapp.accounts import services
from eventapp.accounts.passwords import common_passwords

COMMON = "Password123"  # "password123", in the bundled list, typed with a capital
REPEATED = "xxxxxxxxxxxx"
MESSAGES = {
    ("en", COMMON): "This password is one of the most common ones: choose another.",
    ("fr", COMMON): "Ce mot de passe est l’un des plus courants : choisissez-en un autre.",
    ("en", REPEATED): "The password cannot be one character repeated.",
    ("fr", REPEATED): "Le mot de passe ne peut pas être un seul caractère répété.",
}


def post(client, url: str, data: dict, page: str | None = None):
    html = client.get(page or url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return client.post(url, data={**data, "csrf_token": token})


def test_the_bundled_list_holds_the_common_passwords_of_allowed_length():
    common = common_passwords()
    assert len(common) >= 1000
    assert {"password123", "1234567890", "qwertyuiop", "azertyuiop"} <= common
    assert all(len(word) >= 10 and word == word.lower() for word in common)


@pytest.mark.parametrize(("lang", "password"), sorted(MESSAGES))
def test_sign_up_refuses_it_in_the_pages_language(client, outbox, lang, password):
    data = {
        "name": "Marie", "email": "marie@example.org", "affiliation": "", "language": lang,
        "password": password, "confirm": password,
    }  # fmt: skip
    page = post(client, f"/{lang}/account/signup", data)
    assert page.status_code == 400
    assert MESSAGES[(lang, password)] in page.get_data(as_text=True)
    assert services.find_user("marie@example.org") is None and outbox() == []


@pytest.mark.parametrize("password", [COMMON, REPEATED])
def test_reset_refuses_it(make_user, client, outbox, link_in, password):
    make_user("ada@example.org")
    post(client, "/fr/account/reset", {"email": "ada@example.org"})
    link = link_in(outbox()[-1]).replace("/en/", "/fr/")
    page = post(client, link, {"password": password, "confirm": password})
    assert page.status_code == 400
    assert MESSAGES[("fr", password)] in page.get_data(as_text=True)
    login = {"email": "ada@example.org", "password": password}
    assert post(client, "/fr/account/login", login).status_code == 400  # unchanged


@pytest.mark.parametrize("password", [COMMON, REPEATED])
def test_a_change_refuses_it(make_user, client, password):
    make_user("ada@example.org")
    login = {"email": "ada@example.org", "password": "a-long-enough-password"}
    assert post(client, "/en/account/login", login).status_code == 302
    data = {"current": "a-long-enough-password", "password": password, "confirm": password}
    page = post(client, "/en/account/password", data, page="/en/account/profile")
    assert page.status_code == 400
    assert MESSAGES[("en", password)] in page.get_data(as_text=True)
    other = client.application.test_client()  # the password is unchanged
    assert post(other, "/en/account/login", login).status_code == 302


@pytest.mark.parametrize("password", [COMMON, REPEATED])
def test_create_user_refuses_it(runner, password):
    result = runner.invoke(args=["create-user", "ada@example.org"], input=password + "\n")
    assert result.exit_code != 0
    assert MESSAGES[("en", password)] in result.output
    assert services.find_user("ada@example.org") is None


def test_a_good_password_passes_everywhere(runner):
    result = runner.invoke(args=["create-user", "ada@example.org"], input="tea-at-the-bodleian\n")
    assert result.exit_code == 0, result.output
