"""A real SMTP server (aiosmtpd) and mail templates that exist only for the tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import inline
from eventapp.mail.models import OutboxMessage

# Built on the real layouts; `title` carries characters that HTML must escape and text must not.
TEMPLATES = {
    "mail/test_message.txt": (
        "{% extends 'mail/_layout.txt' %}\n"
        "{% set subject = _('Upcoming events') ~ ': ' ~ title %}\n"
        "{% block body %}{{ _('Events') }}: {{ title }}\n{{ link }}{% endblock %}\n"
    ),
    "mail/test_message.html": (
        "{% extends 'mail/_layout.html' %}\n"
        "{% block body %}<h1>{{ _('Events') }}</h1><p>{{ title }}</p>"
        '<p><a href="{{ link }}">{{ link }}</a></p>{% endblock %}\n'
    ),
    "mail/no_subject.txt": "{{ _('Events') }}\n",
    "mail/no_subject.html": "<p>{{ _('Events') }}</p>\n",
}


class Collector:
    """An SMTP handler that keeps what it accepts, refusing the first `refuse` DATA commands."""

    def __init__(self, refuse: int = 0, reply: str = "451 4.3.0 Try again later") -> None:
        self.refuse, self.reply = refuse, reply
        self.accepted: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.seen_ids: list[str] = []  # the Message-ID of every DATA, refused or not
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=default)
        with self.lock:
            self.seen_ids.append(message["Message-ID"])
            if self.refuse:
                self.refuse -= 1
                return self.reply
            self.accepted.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class RefuseRecipients(Collector):
    """A server that refuses every recipient for good (5xx)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        return "550 5.1.1 No such user here"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_smtp(app) -> Iterator[Collector]:
    """A real SMTP server `app` delivers to, as an app made with a MAIL_SERVER: requests only
    queue, and `send-mail` (or the worker) delivers. Yields what the server accepted."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_DEFAULT_SENDER="Entente CordIAle <events@example.org>")  # fmt: skip
    if inline._deliver_to_log in app.after_request_funcs[None]:
        app.after_request_funcs[None].remove(inline._deliver_to_log)
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    """Start a real SMTP server with the given handler; yields a starter, stops them all."""
    started: list[Controller] = []

    def start(*, refuse: int = 0, reply: str = "", refuse_recipients: bool = False):
        kind = RefuseRecipients if refuse_recipients else Collector
        handler = kind(refuse, reply) if reply else kind(refuse)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        return handler, controller.port

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def mail_app(app):
    """The app with the test templates; sender and mail server as a test sets them."""
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    app.config.update(MAIL_SERVER=None, MAIL_DEFAULT_SENDER="Entente CordIAle <events@example.org>")
    return app


@pytest.fixture
def outbox():
    """Read the outbox afresh, as committed."""

    def read() -> list[OutboxMessage]:
        db.session.expire_all()
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    return read
