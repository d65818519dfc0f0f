"""Delivery against a real SMTP server: retries, backoff, giving up, invitations, concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.extensions import db
from eventapp.mail.delivery import GIVEN_UP, LEASE, MAX_ATTEMPTS, deliver_due, retry_delay
from eventapp.mail.services import queue_mail
from eventapp.mail.transports import SmtpTransport
from eventapp.settings import current_settings

NOW = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
ICAL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "UID:event-1@events.example.org\r\nDTSTAMP:20300304T093000Z\r\n"
    "DTSTART:20300310T140000Z\r\nSUMMARY:Éthique de l'IA\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def queue(n: int = 1, **kwargs) -> list[str]:
    ids = [
        queue_mail(
            f"person{i}@example.org", "test_message", "en", now=NOW, settings=current_settings(),
            title=f"Talk {i}", link="l",
            **kwargs,
        ).message_id
        for i in range(n)
    ]  # fmt: skip
    db.session.commit()
    return ids


def smtp(port: int) -> SmtpTransport:
    return SmtpTransport("127.0.0.1", port, timeout=5)


def test_a_server_that_is_down_means_a_later_retry(mail_app, outbox, settings):
    queue()
    report = deliver_due(sender=settings.mail_sender, now=NOW, transport=smtp(free_closed_port()))
    assert (report.sent, report.retrying) == (0, 1)
    [message] = outbox()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "refused" in message.last_error.lower()
    assert message.next_attempt_at == NOW + MINUTE
    # Not due again before then: nothing is attempted.
    assert (
        deliver_due(
            sender=settings.mail_sender, now=NOW + timedelta(seconds=59), transport=smtp(1)
        ).handled
        == 0
    )


def test_a_server_that_refuses_for_a_while_gets_the_message_once(
    mail_app, outbox, smtp_server, settings
):
    handler, port = smtp_server(refuse=2)
    [message_id] = queue()
    now = NOW
    for expected in ("retrying", "retrying", "sent"):
        report = deliver_due(sender=settings.mail_sender, now=now, transport=smtp(port))
        assert getattr(report, expected) == 1
        [message] = outbox()
        now = message.next_attempt_at if message.sent_at is None else now
    assert message.sent_at == NOW + MINUTE + 2 * MINUTE  # after 1 then 2 minutes of backoff
    assert message.attempts == 3
    assert message.last_error is None
    assert handler.seen_ids == [message_id] * 3  # each attempt is recognisably the same message
    assert len(handler.accepted) == 1
    assert (
        deliver_due(
            sender=settings.mail_sender, now=now + timedelta(days=1), transport=smtp(port)
        ).handled
        == 0
    )
    assert len(handler.accepted) == 1


def test_a_permanent_refusal_is_given_up_after_a_few_attempts(
    mail_app, outbox, smtp_server, settings
):
    _handler, port = smtp_server(refuse_recipients=True)
    queue()
    now = NOW
    for _ in range(MAX_ATTEMPTS):
        deliver_due(sender=settings.mail_sender, now=now, transport=smtp(port))
        [message] = outbox()
        now = message.next_attempt_at
    assert message.sent_at is None
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at == GIVEN_UP
    assert message.last_error.startswith(f"given up after {MAX_ATTEMPTS} attempts")
    assert "550" in message.last_error and "person0@example.org" in message.last_error


def test_a_temporary_refusal_is_never_given_up(mail_app, outbox, smtp_server, settings):
    _handler, port = smtp_server(refuse=MAX_ATTEMPTS + 2)
    queue()
    now = NOW
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_due(sender=settings.mail_sender, now=now, transport=smtp(port))
        [message] = outbox()
        now = message.next_attempt_at
    assert message.attempts == MAX_ATTEMPTS + 2
    assert message.last_error.startswith("451")
    assert message.next_attempt_at - NOW < timedelta(days=1)
    assert deliver_due(sender=settings.mail_sender, now=now, transport=smtp(port)).sent == 1


def test_the_backoff_doubles_up_to_an_hour():
    delays = [retry_delay(n) // MINUTE for n in range(1, 10)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_an_invitation_is_an_alternative_and_an_attachment(mail_app, smtp_server, settings):
    handler, port = smtp_server()
    queue(ical=ICAL, ical_method="REQUEST")
    assert deliver_due(sender=settings.mail_sender, now=NOW, transport=smtp(port)).sent == 1
    [message] = handler.accepted
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html, calendar = alternative.iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert message["Content-Language"] == "en"
    assert calendar.get_content() == ICAL
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_content().decode() == ICAL


def test_a_worker_that_dies_mid_send_leaves_the_message_to_a_later_run(
    mail_app, outbox, smtp_server, settings
):
    class Dies:
        def send(self, message):
            raise KeyboardInterrupt  # not an Exception: nothing gets recorded

    handler, port = smtp_server()
    [message_id] = queue()
    with pytest.raises(KeyboardInterrupt):
        deliver_due(sender=settings.mail_sender, now=NOW, transport=Dies())
    db.session.rollback()
    # Leased to the dead worker: another worker does not take it at once ...
    assert (
        deliver_due(sender=settings.mail_sender, now=NOW + MINUTE, transport=smtp(port)).handled
        == 0
    )
    # ... but does once the lease has run out, as the same message.
    assert deliver_due(sender=settings.mail_sender, now=NOW + LEASE, transport=smtp(port)).sent == 1
    assert handler.seen_ids == [message_id]
    assert outbox()[0].sent_at == NOW + LEASE


def test_two_workers_at_once_send_each_message_once(mail_app, outbox, smtp_server, settings):
    handler, port = smtp_server()
    ids = queue(30)
    reports = []

    def worker() -> None:
        with mail_app.app_context():
            reports.append(
                deliver_due(sender=settings.mail_sender, now=NOW, transport=smtp(port), batch=100)
            )

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(handler.seen_ids) == sorted(ids)
    assert sum(report.sent for report in reports) == 30
    assert all(message.sent_at == NOW and message.attempts == 1 for message in outbox())


def free_closed_port() -> int:
    """A port where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
