"""Keeping a message's delivery lease while a slow server is being talked to.

A claimed message is leased for `delivery.LEASE`; a send that takes longer (a server trickling
its answers, each within the socket timeout) would let the lease run out and a second worker
send the message again. While the send lasts, a thread pushes the lease on every `every` seconds
through a connection of its own (the worker's own transaction is committed before sending).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine

from eventapp.mail.models import OutboxMessage

log = logging.getLogger(__name__)


@contextmanager
def lease_kept(
    engine: Engine,
    message_id: int,
    *,
    now: Callable[[], datetime],
    lease: timedelta,
    every: float,
) -> Iterator[None]:
    """While the block runs, renew the lease of unsent message `message_id` every `every` s."""
    done = threading.Event()

    def renew() -> None:
        while not done.wait(every):
            try:
                with engine.begin() as conn:
                    conn.execute(
                        update(OutboxMessage)
                        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
                        .values(next_attempt_at=now() + lease)
                    )
            except Exception:  # a renewal missed is retried on the next beat; never fatal
                log.warning("lease of outbox message %s not renewed", message_id, exc_info=True)

    keeper = threading.Thread(target=renew, name=f"lease-{message_id}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        done.set()
        keeper.join()  # no renewal may land after the outcome is recorded
