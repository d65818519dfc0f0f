"""Helpers for the account tests: the outbox and the links in its messages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage


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
