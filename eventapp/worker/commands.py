"""`flask --app eventapp worker`: run every due job, pass after pass, until told to stop."""

from __future__ import annotations

import logging
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from eventapp.extensions import clock, db
from eventapp.mail.transports import transport_from_config
from eventapp.settings import settings_of
from eventapp.stopping import stop_on_signals
from eventapp.worker.jobs import JOBS, Context

log = logging.getLogger(__name__)


def run_pass(ctx: Context, last_run: dict[str, datetime]) -> dict[str, int]:
    """Run each job that is due; returns what each did. `last_run` is kept between passes."""
    done = {}
    for job in JOBS:
        if ctx.stop():
            break
        started = ctx.now()
        if job.every and job.name in last_run and started - last_run[job.name] < job.every:
            continue
        try:
            done[job.name] = job.run(ctx)
        except Exception:  # one failing job must not stop the others, nor the worker
            db.session.rollback()
            log.exception("worker: the %s job failed; it is tried again on a later pass", job.name)
            continue
        last_run[job.name] = started
    return done


@click.command("worker")
@click.option("--once", is_flag=True, help="Run one pass of every job, then exit.")
@click.option(
    "--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
    help="Seconds between passes.",
)  # fmt: skip
@with_appcontext
def worker_command(once: bool, interval: float) -> None:
    """Run what is due: run-out guest holds, the outbox, reminders, the personal-data purge."""
    transport = transport_from_config(current_app.config, current_app.logger.getChild("mail"))
    last_run: dict[str, datetime] = {}
    with stop_on_signals(enabled=not once) as stop:
        ctx = Context(
            now=clock.reader(), settings=settings_of(current_app), config=current_app.config,
            transport=transport, stop=stop.is_set,
        )  # fmt: skip
        while not stop.is_set():
            done = run_pass(ctx, last_run)
            busy = {name: n for name, n in done.items() if n}
            if busy or once:
                click.echo("worker: " + ", ".join(f"{k} {v}" for k, v in done.items()))
            if once:
                break
            stop.wait(interval)
    if not once:
        click.echo("worker: stopped")
