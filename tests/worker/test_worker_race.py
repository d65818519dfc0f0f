"""Two workers at once, each with an app and a connection of its own (as two processes would),
over the same due work: a run-out hold, its mail and the mail already waiting. The race is
forced: both have found the run-out hold before either gives its place. The waiting person is
promoted once, and every mail reaches the (real) SMTP server once (issue 12, item 1)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from hold_world import HOLD
from mail.conftest import Collector, free_port
from own_app import in_own_app
from registrations.registration_pages import outbox, registration

from eventapp.extensions import clock
from eventapp.registrations import holds
from eventapp.stopping import stop_on_signals
from eventapp.worker.commands import run_pass
from eventapp.worker.jobs import Context


def one_pass() -> str:
    """One pass of every job, as `worker --once` runs it, in the calling app."""
    from flask import current_app

    from eventapp.mail.transports import transport_from_config
    from eventapp.settings import settings_of

    with stop_on_signals(enabled=False) as stop:
        ctx = Context(
            now=clock.reader(), settings=settings_of(current_app), config=current_app.config,
            transport=transport_from_config(current_app.config, current_app.logger),
            stop=stop.is_set,
        )  # fmt: skip
        return repr(run_pass(ctx, {}))


def test_two_workers_at_once_promote_once_and_send_each_mail_once(
    app, database_url, held_and_waiting, monkeypatch
):
    held_and_waiting()  # its mails (the guest's link, Bea's queue position) wait too
    clock.advance(HOLD + HOLD)
    handler = Collector()
    server = Controller(handler, hostname="127.0.0.1", port=free_port())
    server.start()
    barrier = threading.Barrier(2, timeout=10)
    found = holds.events_with_expired_holds

    def found_then_meet(now):
        events = found(now)
        barrier.wait()  # both workers have seen the run-out hold
        return events

    monkeypatch.setattr(holds, "events_with_expired_holds", found_then_meet)
    config = {
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port,
        "EVENTAPP_CLOCK_START": clock.now().isoformat(),
        "EVENTAPP_BASE_URL": "https://events.example.org",
        "EVENTAPP_UID_DOMAIN": "events.example.org",
    }  # fmt: skip
    try:
        with ThreadPoolExecutor(2) as pool:
            runs = [pool.submit(in_own_app, database_url, one_pass, **config) for _ in range(2)]
            answers = [run.result() for run in runs]
    finally:
        server.stop()
    assert not any(a.startswith("error") for a in answers), answers
    assert registration("bea@example.org").status == "confirmed"
    promoted = [m for m in outbox("bea@example.org") if m.subject.startswith("A place is yours")]
    assert len(promoted) == 1
    assert sorted(handler.seen_ids) == sorted(m.message_id for m in outbox())
