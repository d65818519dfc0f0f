"""Helpers for the account tests: CSRF tokens from real pages, and the outbox."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage


@pytest.fixture
def post_form(client):
    """POST `data` to `url` with the CSRF token of the form served at `page` (default `url`)."""

    def post(url: str, data: dict, page: str | None = None, **kwargs):
        html = client.get(page or url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token, f"no CSRF token on {page or url}"
        return client.post(url, data={**data, "csrf_token": token.group(1)}, **kwargs)

    return post


@pytest.fixture
def outbox(app):
    """The queued messages, oldest first."""

    def messages() -> list[OutboxMessage]:
        db.session.expire_all()
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()

    return messages


@pytest.fixture
def link_in():
    """The first link of a message, as a path on the test client's site."""

    def find(message: OutboxMessage) -> str:
        return re.search(r"https://events\.example\.org(/\S+)", message.body_text).group(1)

    return find
