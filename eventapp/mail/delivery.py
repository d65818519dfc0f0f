"""Delivering the outbox: at least once, with backoff, safe with several workers.

Each message goes through three short steps, so that no transaction stays open across SMTP:
1. Claim, and commit: the next due message (`sent_at IS NULL AND next_attempt_at <= now`, by id)
   gets `next_attempt_at = now + LEASE` through an UPDATE that repeats the due condition. A second
   worker's UPDATE then matches nothing and it moves on. On PostgreSQL the SELECT also takes the
   row `FOR UPDATE SKIP LOCKED`, so workers pick different rows without waiting; on SQLite the
   database's write lock serialises the claims and the repeated condition does the rest.
2. Send, outside any transaction.
3. Record, and commit: `sent_at` once the server accepted (never before: at least once), or
   `attempts + 1`, `last_error` and the next try after a backoff of 1, 2, 4 … minutes, capped
   at an hour. A worker that dies mid-send leaves a lease that simply expires: the message is
   retried with the same Message-ID.

A message queued to be rendered after its commit (deferred.py) and still unrendered (its process
died in between) is rendered in step 1, under the claim, before anything is sent: with `settings`
given (the templates); without them it is retried like a message that cannot be built.

The clock is read afresh for each step of each message: a batch may outlast the lease, and a
retry is timed from when the attempt failed. While a message is being sent its lease is renewed
(leases.py), so a slow server never lets a second worker send it again.

Temporary failures (connection refused, timeout, 4xx) are retried for as long as it takes: the
relay being down must never lose mail. A permanent refusal (5xx, or a message that cannot be
built) is retried too, in case it was a misconfiguration, but after MAX_ATTEMPTS the message is
given up: `sent_at` stays empty, `last_error` says why and `next_attempt_at` is GIVEN_UP.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eventapp.extensions import db
from eventapp.mail import deferred
from eventapp.mail.leases import lease_kept
from eventapp.mail.mime import build_email
from eventapp.mail.models import OutboxMessage
from eventapp.mail.transports import Transport
from eventapp.settings import Settings

LEASE = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 10  # for permanent refusals only
RENEW_EVERY = LEASE.total_seconds() / 5  # seconds between renewals of a lease during a send
GIVEN_UP = datetime(9999, 1, 1, tzinfo=UTC)  # `next_attempt_at` of a message we stopped trying
FORGOTTEN = "forgotten@erased.invalid"  # the recipient of a delivered `forget_when_sent` message

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    """What one run did: messages accepted, rescheduled, and given up."""

    sent: int = 0
    retrying: int = 0
    given_up: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.given_up

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.given_up} given up"


def deliver_due(
    *,
    now: datetime | Callable[[], datetime],
    transport: Transport,
    batch: int = 50,
    sender: str,
    session: Session | None = None,
    stop: Callable[[], bool] | None = None,
    renew_every: float | None = None,
    settings: Settings | None = None,
) -> DeliveryReport:
    """Send up to `batch` due messages through `transport`, each claimed, sent and recorded.

    `now` is the clock (read for each message) or, for a test, a fixed instant. `settings`
    render the messages left unrendered.
    """
    read = now if callable(now) else (lambda: now)
    session = session if session is not None else db.session
    report = DeliveryReport()
    while report.handled < batch and not (stop and stop()):
        claimed = _claim_next(session, read())
        if claimed is None:
            break
        if claimed.render_kind is not None:
            message_id, attempts = claimed.id, claimed.attempts
            rendered = _render(session, claimed, settings)
            if rendered is not True:
                if rendered is not None:  # cannot be rendered: counted as an attempt that failed
                    outcome = _record(session, message_id, attempts, rendered, read())
                    session.commit()
                    setattr(report, outcome, getattr(report, outcome) + 1)
                continue
        message_id, attempts, email, build_error = _prepare(claimed, sender)
        session.commit()
        engine = session.get_bind(OutboxMessage.__mapper__)
        every = renew_every or RENEW_EVERY
        with lease_kept(engine, message_id, now=read, lease=LEASE, every=every):
            error = build_error or _send(transport, email)
        outcome = _record(session, message_id, attempts, error, read())
        session.commit()
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _due(now: datetime):
    return OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now


def _claim_next(session: Session, now: datetime) -> OutboxMessage | None:
    """The next due message, leased to this worker (uncommitted), or None when none is left."""
    while True:
        candidate = session.scalars(
            select(OutboxMessage)
            .where(*_due(now))
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if candidate is None:
            session.rollback()
            return None
        taken = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate.id, *_due(now))
            .values(next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:
            return candidate
        session.rollback()  # another worker was quicker; look again


def _render(
    session: Session, message: OutboxMessage, settings: Settings | None
) -> bool | Exception | None:
    """Render a claimed message before it is sent: True when done (uncommitted, with the claim);
    None when another process rendered it first (all rolled back, the claim too: look again);
    the error when it cannot be rendered (rolled back)."""
    message_id = message.id
    try:
        if settings is None:
            raise deferred.Unrenderable(f"outbox message {message_id}: no settings to render")
        if deferred.render(session, message, settings):
            session.refresh(message)
            return True
    except Exception as error:
        log.exception("outbox message %s cannot be rendered", message_id)
        session.rollback()
        return error
    session.rollback()
    return None


def _prepare(
    message: OutboxMessage, sender: str
) -> tuple[int, int, EmailMessage | None, Exception | None]:
    try:
        return message.id, message.attempts, build_email(message, sender), None
    except Exception as error:  # a row that cannot become a message must not stop the worker
        log.exception("outbox message %s cannot be built", message.id)
        return message.id, message.attempts, None, error


def _send(transport: Transport, email: EmailMessage | None) -> Exception | None:
    try:
        transport.send(email)
    except Exception as error:  # reported and retried: the worker goes on with the next one
        return error
    return None


def _record(
    session: Session, message_id: int, attempts: int, error: Exception | None, now: datetime
) -> str:
    """Write the attempt's outcome; return the report field it counts in."""
    attempts += 1
    mine = (OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
    if error is None:
        values = {"sent_at": now, "attempts": attempts, "last_error": None}
        outcome = "sent"
    elif is_permanent(error) and attempts >= MAX_ATTEMPTS:
        values = {
            "attempts": attempts,
            "last_error": f"given up after {attempts} attempts: {describe(error)}",
            "next_attempt_at": GIVEN_UP,
        }
        outcome = "given_up"
        log.error("outbox message %s given up: %s", message_id, describe(error))
    else:
        values = {
            "attempts": attempts,
            "last_error": describe(error),
            "next_attempt_at": now + retry_delay(attempts),
        }
        outcome = "retrying"
        log.warning("outbox message %s not sent (attempt %s): %s", message_id, attempts, error)
    session.execute(
        update(OutboxMessage)
        .where(*mine)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if outcome != "retrying":
        _forget(session, message_id)
    return outcome


def _forget(session: Session, message_id: int) -> None:
    """A message marked `forget_when_sent` keeps no address or text once it is done with."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.forget_when_sent)
        .values(
            recipient=FORGOTTEN,
            body_text="",
            body_html="",
            ical=None,
            headers=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 20), LONGEST_RETRY)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer, or anything that is not about reaching the server (a bug, a bad row)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return not isinstance(error, OSError)  # SMTPException, timeouts, refusals are OSErrors


def describe(error: Exception) -> str:
    """The error as an operator reads it in `last_error`."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{who}: {code} {_text(reply)}" for who, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
