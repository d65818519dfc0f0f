"""`flask --app eventapp send-mail`: deliver the outbox once, or keep doing so with `--loop`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from eventapp.extensions import clock
from eventapp.mail.delivery import DeliveryReport, deliver_due
from eventapp.mail.transports import transport_from_config
from eventapp.settings import settings_of
from eventapp.stopping import stop_on_signals


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, polling the outbox (a worker).")
@click.option(
    "--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
    help="Seconds between polls with --loop.",
)  # fmt: skip
@click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True)
@with_appcontext
def send_mail_command(loop: bool, interval: float, batch: int) -> None:
    """Deliver the mail waiting in the outbox (SMTP, or the log with no MAIL_SERVER)."""
    transport = transport_from_config(current_app.config, current_app.logger.getChild("mail"))
    with stop_on_signals(enabled=loop) as stop:
        total = DeliveryReport()
        while not stop.is_set():
            report = deliver_due(
                now=clock.reader(),
                transport=transport,
                batch=batch,
                stop=stop.is_set,
                sender=settings_of(current_app).mail_sender,
                settings=settings_of(current_app),
            )
            total.sent += report.sent
            total.retrying += report.retrying
            total.given_up += report.given_up
            if report.handled == batch:
                continue  # a full batch: more may be due right now
            if not loop:
                break
            if report.handled:
                click.echo(f"send-mail: {report}")
            stop.wait(interval)
    click.echo(f"send-mail: {total}" + (" (stopped)" if loop else ""))
