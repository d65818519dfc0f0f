"""What the worker runs: each feature's job, and how often.

Every job is safe with several workers at once, by what it claims:
- the outbox: each message is leased before it is sent (mail/delivery.py);
- run-out guest holds: each event's places are counted and given under its lock
  (registrations/holds.py), so a second worker finds nothing left to give;
- reminders: the unique Message-ID of each reminder (registrations/reminders.py);
- the purge: a registration once anonymised is no longer selected (registrations/privacy.py);
- source syncs: each due source is claimed by a conditional update (imports/runner.py);
- feed blocks: building one twice stores the same bytes (an upsert), each chunk committed;
- follow digests: each person's is claimed by moving its due date on (follows/digest.py).
A job that fails is logged and rolled back; the others still run, and it is tried again later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from eventapp.extensions import db
from eventapp.feeds import warming
from eventapp.feeds.content import Site
from eventapp.follows import digest
from eventapp.imports.runner import fetcher_of, sync_due
from eventapp.mail.delivery import deliver_due
from eventapp.mail.transports import Transport
from eventapp.registrations import holds, reminders
from eventapp.registrations.privacy import purge_guest_data
from eventapp.settings import Settings

BATCH = 50


@dataclass(frozen=True)
class Context:
    """What the jobs are given: the clock (read afresh for each step), settings, mail."""

    now: Callable[[], datetime]
    settings: Settings
    config: Mapping[str, Any]
    transport: Transport
    stop: Callable[[], bool]


@dataclass(frozen=True)
class Job:
    """A job: its name, what it does (returns how many things it did), and how often."""

    name: str
    run: Callable[[Context], int]
    every: timedelta | None = None  # None: on every pass


def expired_holds(ctx: Context) -> int:
    """Promote the first in line wherever a guest's hold ran out (one commit per event)."""
    promoted = 0
    for event_id in holds.events_with_expired_holds(ctx.now()):
        if ctx.stop():
            break
        promoted += len(holds.release_expired_holds(event_id, now=ctx.now(), settings=ctx.settings))
        db.session.commit()
    return promoted


def outbox(ctx: Context) -> int:
    """Deliver the mail that is due, batch after batch."""
    handled = 0
    while not ctx.stop():
        report = deliver_due(
            now=ctx.now, transport=ctx.transport, batch=BATCH, stop=ctx.stop,
            sender=ctx.settings.mail_sender, settings=ctx.settings,
        )  # fmt: skip
        handled += report.handled
        if report.handled < BATCH:
            break
    return handled


def day_before_reminders(ctx: Context) -> int:
    """Queue the reminders of the events starting in about a day."""
    queued = reminders.send_reminders(
        now=ctx.now(), settings=ctx.settings, ahead=reminders.OFTEN_AHEAD,
        window=reminders.OFTEN_WINDOW,
    )  # fmt: skip
    db.session.commit()
    return queued


def personal_data_purge(ctx: Context) -> int:
    """Anonymise guests GUEST_DATA_DAYS after their event."""
    erased = purge_guest_data(now=ctx.now(), days=ctx.config["GUEST_DATA_DAYS"])
    db.session.commit()
    return erased


def feed_blocks(ctx: Context) -> int:
    """Build the feeds' stale blocks (after a deploy or an import), each chunk committed."""
    return warming.build_stale(Site.of(ctx.settings), stop=ctx.stop)


def source_syncs(ctx: Context) -> int:
    """Sync the imported calendars that are due, each claimed and committed alone."""
    done = sync_due(
        now=ctx.now, settings=ctx.settings, fetcher=fetcher_of(ctx.config), stop=ctx.stop
    )
    return len(done)


def follow_digests(ctx: Context) -> int:
    """Queue the weekly digests that are due, each person's claimed and committed alone."""
    queued = 0
    for user_id, due_at in digest.due(ctx.now()):
        if ctx.stop():
            break
        queued += digest.send_digest(user_id, due_at, now=ctx.now(), settings=ctx.settings)
        db.session.commit()
    return queued


# In this order: a place freed by a run-out hold is mailed about in the same pass.
JOBS = (
    Job("holds", expired_holds),
    Job("reminders", day_before_reminders, every=timedelta(minutes=10)),
    Job("purge", personal_data_purge, every=timedelta(hours=1)),
    Job("digests", follow_digests, every=timedelta(minutes=10)),
    Job("outbox", outbox),
    Job("sources", source_syncs, every=timedelta(minutes=1)),
    Job("feeds", feed_blocks, every=timedelta(minutes=1)),
)
