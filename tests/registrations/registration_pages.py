"""Helpers for the registration page tests: the outbox, links in mail, what a page says."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations.models import Registration


def outbox(to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return db.session.scalars(query).all()


def link(message: OutboxMessage, ending: str = "") -> str:
    """The first link of the message to a registration page (`ending`: `/confirm`…), as a path."""
    pattern = rf"https://events\.example\.org(/\w\w/registrations/[\w.-]+{re.escape(ending)})\b"
    return re.search(pattern, message.body_text).group(1)


def registration(email: str) -> Registration:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.email == email))


def text(response) -> str:
    """The page's visible text, tags taken out and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())
