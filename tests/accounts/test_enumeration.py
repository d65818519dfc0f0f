"""Sign-up and reset do the same work for a known and an unknown address: no timing oracle.

Timings are not asserted (they belong in bench/); the expensive steps are: each path hashes a
password exactly once and queues exactly one mail, and the answers are the same bytes.
"""

from __future__ import annotations

import re

import pytest

from eventapp.accounts import services

SIGNUP = {
    "name": "Marie Curie", "affiliation": "", "language": "en",
    "password": "radium-and-polonium", "confirm": "radium-and-polonium",
}  # fmt: skip


@pytest.fixture
def hashes(monkeypatch):
    """How many times a password was hashed (the real hash, counted)."""
    calls = []
    real = services.generate_password_hash

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "generate_password_hash", counted)
    return calls


def answer(app, url: str, data: dict) -> str:
    """A fresh browser's answer to the form at `url`, without its CSRF token."""
    client = app.test_client()
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(url, data={**data, "csrf_token": token})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_sign_up_does_the_same_work_for_a_known_and_a_new_address(app, make_user, hashes, outbox):
    make_user("ada@example.org", name="Ada")
    steps = []
    for address in ("ada@example.org", "new@example.org"):
        hashes.clear()
        before = len(outbox())
        page = answer(app, "/en/account/signup", {**SIGNUP, "email": address})
        steps.append((len(hashes), len(outbox()) - before, page))
    (known_hashes, known_mails, known_page), (new_hashes, new_mails, new_page) = steps
    assert known_hashes == new_hashes == 1
    assert known_mails == new_mails == 1
    assert known_page == new_page
    to_ada, to_new = outbox()[-2:]
    assert to_ada.subject == "You already have an account"
    assert to_new.subject == "Confirm your address"


def test_reset_does_the_same_work_for_a_known_and_an_unknown_address(
    app, make_user, hashes, outbox
):
    make_user("ada@example.org", name="Ada")
    hashes.clear()
    known = answer(app, "/fr/account/reset", {"email": "ada@example.org"})
    assert len(outbox()) == 1
    unknown = answer(app, "/fr/account/reset", {"email": "Nobody@Example.org"})
    assert len(outbox()) == 2
    assert known == unknown and hashes == []
    to_ada, to_nobody = outbox()
    assert to_ada.recipient == "ada@example.org"
    assert to_nobody.recipient == "nobody@example.org"
    # In the page's language, since no account says which the address prefers.
    assert to_nobody.language == "fr"
    assert to_nobody.subject == "Aucun compte n’utilise cette adresse"
    assert "/fr/account/signup" in to_nobody.body_text
    assert "/account/reset/" not in to_nobody.body_text
