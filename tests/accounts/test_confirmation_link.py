"""The confirmation link confirms an address once; it is no log-in link to keep or to plant."""

from __future__ import annotations

import re

from eventapp.accounts import services
from eventapp.extensions import db

SIGNUP = {
    "name": "Marie Curie", "email": "marie@example.org", "affiliation": "", "language": "en",
    "password": "radium-and-polonium", "confirm": "radium-and-polonium",
}  # fmt: skip


def csrf_of(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post(client, url: str, data: dict, page: str | None = None):
    return client.post(url, data={**data, "csrf_token": csrf_of(client, page or url)})


def profile_of(client) -> str | None:
    """The address shown on the browser's profile page, or None when it is not signed in."""
    page = client.get("/en/account/profile")
    if page.status_code != 200:
        return None
    return re.search(r"<p>([^<@\s]+@[^<\s]+)", page.get_data(as_text=True)).group(1)


def signed_up(app, outbox, link_in) -> str:
    """Marie signs up in her own browser; the link of her confirmation mail."""
    assert post(app.test_client(), "/en/account/signup", SIGNUP).status_code == 200
    [mail] = [m for m in outbox() if m.recipient == "marie@example.org"]
    return link_in(mail)


def test_the_first_opening_logs_in_a_browser_without_a_session(app, client, outbox, link_in):
    link = signed_up(app, outbox, link_in)
    opened = client.get(link, follow_redirects=True)
    assert "Your address is confirmed. Welcome!" in opened.get_data(as_text=True)
    assert profile_of(client) == "marie@example.org"


def test_a_second_opening_confirms_nothing_and_logs_no_one_in(app, outbox, link_in):
    link = signed_up(app, outbox, link_in)
    first = app.test_client()
    first.get(link)
    assert profile_of(first) == "marie@example.org"
    later = app.test_client()  # the kept mail, opened elsewhere (or by someone else)
    page = later.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This address is already confirmed" in html
    assert 'href="/en/account/login"' in html
    assert profile_of(later) is None


def test_a_signed_in_browser_opening_another_accounts_link_is_not_switched(
    app, client, make_user, outbox, link_in
):
    make_user("ada@example.org", name="Ada")
    login = {"email": "ada@example.org", "password": "a-long-enough-password"}
    assert post(client, "/en/account/login", login).status_code == 302
    assert profile_of(client) == "ada@example.org"
    link = signed_up(app, outbox, link_in)
    opened = client.get(link, follow_redirects=True)
    assert "The address marie@example.org is confirmed." in opened.get_data(as_text=True)
    assert profile_of(client) == "ada@example.org"
    assert services.find_user("marie@example.org").confirmed_at is not None
    # The link was used: it logs no one in later either.
    assert profile_of(app.test_client()) is None
    fresh = app.test_client()
    fresh.get(link)
    assert profile_of(fresh) is None


def test_the_link_dies_with_a_password_reset(app, client, outbox, link_in):
    link = signed_up(app, outbox, link_in)
    post(client, "/en/account/reset", {"email": "marie@example.org"})
    reset = link_in(outbox()[-1])
    post(client, reset, {"password": "a-brand-new-secret", "confirm": "a-brand-new-secret"})
    stranger = app.test_client()
    opened = stranger.get(link, follow_redirects=True)
    assert profile_of(stranger) is None
    assert "This confirmation link is not valid or has expired." in opened.get_data(as_text=True)


def test_the_link_dies_with_a_password_change_even_unconfirmed(app, outbox, link_in):
    link = signed_up(app, outbox, link_in)
    marie = services.find_user("marie@example.org")
    services.set_password(marie, "another-long-secret")
    db.session.commit()
    stranger = app.test_client()
    opened = stranger.get(link, follow_redirects=True)
    assert "This confirmation link is not valid or has expired." in opened.get_data(as_text=True)
    assert profile_of(stranger) is None
    db.session.refresh(marie)
    assert marie.confirmed_at is None
