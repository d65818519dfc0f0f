"""A slow mail server, seen through the app's clock: a batch that outlasts the delivery lease
sends nothing twice, and a retry waits its full delay from when the attempt failed (issue 12,
item 2). The server is real (aiosmtpd); its slowness is the app's clock moving on while it
holds its answer."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from mail.conftest import Collector, free_port

from eventapp.extensions import clock, db
from eventapp.mail import delivery
from eventapp.mail.services import queue_mail
from eventapp.settings import current_settings

LONGER_THAN_THE_LEASE = delivery.LEASE + timedelta(minutes=1)


class SlowServer(Collector):
    """Takes longer than the lease over the first message: the app's clock jumps on, then the
    answer waits until the test releases it (or, with a refusal set, comes at once)."""

    def __init__(self, app, refuse: int = 0) -> None:
        super().__init__(refuse)
        self.app, self.first = app, True
        self.in_first, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.first:
            self.first = False
            with self.app.app_context():
                clock.advance(LONGER_THAN_THE_LEASE)
            self.in_first.set()
            while not self.refuse and not self.release.is_set():
                await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_server(mail_app):
    def start(**kwargs) -> SlowServer:
        handler = SlowServer(mail_app, **kwargs)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        mail_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        return handler

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def queue(n: int) -> list[str]:
    ids = [
        queue_mail(
            f"person{i}@example.org", "test_message", "en", now=clock.now(),
            settings=current_settings(), title=f"Talk {i}", link="l",
        ).message_id
        for i in range(n)
    ]  # fmt: skip
    db.session.commit()
    return ids


def test_a_batch_longer_than_the_lease_sends_each_message_once(
    mail_app, runner, slow_server, monkeypatch
):
    monkeypatch.setattr(
        delivery, "RENEW_EVERY", 0.05, raising=False
    )  # seconds: renewed often while it waits
    server = slow_server()
    ids = queue(2)
    first = threading.Thread(target=runner.invoke, kwargs={"args": ["send-mail"]})
    first.start()
    try:
        assert server.in_first.wait(10)  # the first worker is stuck on message 1
        server.release.wait(0.5)  # long enough for its lease to be renewed
        second = runner.invoke(args=["send-mail"])  # a second worker comes along
        assert second.exit_code == 0, second.output
    finally:
        server.release.set()
        first.join(30)
    assert sorted(server.seen_ids) == sorted(ids)  # each message went out once


def test_a_retry_waits_its_delay_from_when_the_slow_attempt_failed(
    mail_app, runner, slow_server, outbox
):
    server = slow_server(refuse=1)
    [message_id] = queue(1)
    assert runner.invoke(args=["send-mail"]).exit_code == 0  # refused after 11 minutes
    [message] = outbox()
    assert message.attempts == 1 and message.sent_at is None
    assert message.next_attempt_at > clock.now() + timedelta(seconds=50)
    runner.invoke(args=["send-mail"])  # a worker's next pass, seconds later: not yet
    assert server.seen_ids == [message_id]
    clock.advance(delivery.FIRST_RETRY)
    runner.invoke(args=["send-mail"])
    assert server.seen_ids == [message_id, message_id] and outbox()[0].sent_at is not None
