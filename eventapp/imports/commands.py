"""`flask --app eventapp sync-sources [--source ID]`: sync the imported calendars now."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from eventapp.extensions import clock, db
from eventapp.imports.models import Source
from eventapp.imports.runner import fetcher_of, sync_and_commit, sync_due
from eventapp.imports.sync import SyncReport
from eventapp.settings import settings_of


@click.command("sync-sources")
@click.option("--source", "source_id", type=int, help="Sync this source now, due or not.")
@with_appcontext
def sync_sources_command(source_id: int | None) -> None:
    """Sync the imported calendars that are due (or the one named) and print each report."""
    settings, fetcher = settings_of(current_app), fetcher_of(current_app.config)
    if source_id is not None:
        report = sync_and_commit(source_id, now=clock.now(), settings=settings, fetcher=fetcher)
        if report is None:
            raise click.ClickException(f"There is no source {source_id}.")
        done = [(source_id, report)]
    else:
        done = sync_due(now=clock.reader(), settings=settings, fetcher=fetcher)
        if not done:
            click.echo("No source is due.")
    for sid, report in done:
        click.echo(describe(db.session.get(Source, sid), report))
    if any(report.status == "failed" for _, report in done):
        raise SystemExit(1)


def describe(source: Source, report: SyncReport) -> str:
    """A report as the command prints it: one line, then each skipped item and error."""
    http = f"HTTP {report.http_status}" if report.http_status else "no HTTP answer"
    lines = [
        f"Source {source.id} ({source.name}): {report.status}, {http}, {report.duration_ms} ms: "
        f"{report.created} created, {report.updated} updated, {report.cancelled} cancelled, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped"
    ]
    lines += [f"  skipped {uid}: {reason}" for uid, reason in report.skipped]
    lines += [f"  error: {error}" for error in report.errors]
    return "\n".join(lines)
