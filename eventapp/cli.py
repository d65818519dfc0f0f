"""Command-line commands: `flask --app eventapp ...`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from eventapp.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only load the demo data into an empty database.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo data: sites, organisations, venues, series and a year of events."""
    from eventapp.demo.seed import seed_demo
    from eventapp.events.models import Event

    if if_empty and db.session.scalar(select(func.count()).select_from(Event)):
        click.echo("The database already has events; demo data not loaded.")
        return
    created = seed_demo(db.session)
    db.session.commit()
    click.echo(f"Demo data ready ({created} events added).")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
