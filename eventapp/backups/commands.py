"""`flask --app eventapp backup PATH` and `restore PATH`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select

from eventapp.accounts.models import User
from eventapp.backups import postgres, sqlite
from eventapp.backups.errors import BackupError
from eventapp.events.models import Event
from eventapp.extensions import db


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the database to PATH while the app runs (SQLite's backup API, or pg_dump)."""
    url = db.engine.url
    try:
        if url.get_backend_name() == "sqlite":
            sqlite.back_up(_sqlite_file(url), path)
        else:
            postgres.back_up(url, path)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Backed up to {path}. Keep SECRET_KEY and EVENTAPP_UID_DOMAIN with it.", err=True)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database by the backup at PATH (stop the app and the workers first)."""
    if not yes and _holds_data():
        raise click.ClickException(
            "This database already holds accounts or events: stop the app and the workers, "
            "then run again with --yes to replace everything in it by the backup."
        )
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds the database while it is replaced
    try:
        if url.get_backend_name() == "sqlite":
            sqlite.restore(path, _sqlite_file(url))
        else:
            postgres.restore(url, path)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Restored from {path}. Run `flask --app eventapp db upgrade` next.", err=True)


def _sqlite_file(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("the database is in memory: there is no file to back up")
    return Path(url.database)


def _holds_data() -> bool:
    tables = set(inspect(db.engine).get_table_names())
    if not {"users", "events"} <= tables:
        return False
    return any(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Event))
