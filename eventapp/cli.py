"""Command-line commands: `flask --app eventapp ...`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from eventapp.accounts.models import ROLES
from eventapp.backups.commands import backup_command, restore_command
from eventapp.extensions import clock, db
from eventapp.i18n import LANGUAGES
from eventapp.imports.commands import sync_sources_command
from eventapp.mail.commands import send_mail_command
from eventapp.settings import current_settings
from eventapp.worker.commands import worker_command


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
    created = seed_demo(db.session, now=clock.now(), settings=current_settings())
    db.session.commit()
    click.echo(f"Demo data ready ({created} events added).")


def _read_password() -> str:
    """From standard input when it is not a terminal, else a hidden prompt (never an argument)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="attendee", show_default=True)
@click.option("--organisation", "organisations", multiple=True, help="Slug; repeat for several.")
@click.option("--name", default="", help="The person's name.")
@click.option("--language", type=click.Choice(LANGUAGES), default="en", show_default=True)
@with_appcontext
def create_user_command(
    email: str, role: str, organisations: tuple[str, ...], name: str, language: str
) -> None:
    """Create a confirmed account; the password is read from standard input or a prompt."""
    from eventapp.accounts import services
    from eventapp.reference.models import Organisation

    orgs = []
    for slug in organisations:
        org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise click.ClickException(f"No organisation has the slug {slug!r}.")
        orgs.append(org)
    if role == "organiser" and not orgs:
        raise click.ClickException("An organiser needs at least one --organisation.")
    try:
        user = services.create_user(
            email, _read_password(), now=clock.now(), name=name, role=role, language=language,
            confirmed=True,
        )  # fmt: skip
    except services.AccountError as err:
        raise click.ClickException(str(err.message)) from None
    for org in orgs:
        services.grant_organiser(user, org)
    user.role = role  # granting made an attendee an organiser; the option has the last word
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).", err=True)


@click.command("create-token")
@click.argument("email")
@with_appcontext
def create_token_command(email: str) -> None:
    """Print a new API token for EMAIL, alone on standard output."""
    from eventapp.accounts import services

    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No account uses {email}.")
    token = services.create_token(user, now=clock.now())
    db.session.commit()
    click.echo(token)


@click.command("make-admin")
@click.argument("email")
@with_appcontext
def make_admin_command(email: str) -> None:
    """Make the existing account EMAIL an administrator: the way back when no admin is left."""
    from eventapp.accounts import services

    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No account uses {email}.")
    if user.confirmed_at is None:
        # Whoever signed up under the address chose the password: only its owner may be trusted.
        raise click.ClickException(
            f"{user.email} has not confirmed the address yet; confirm it first, or make a new "
            "account with create-user --role admin."
        )
    services.set_admin(user, True)
    db.session.commit()
    click.echo(f"{user.email} is an administrator.", err=True)


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Queue the day-before reminders (events starting in 24 to 48 hours), once each; run daily."""
    from flask import current_app

    from eventapp.registrations.reminders import send_reminders
    from eventapp.settings import settings_of

    queued = send_reminders(now=clock.now(), settings=settings_of(current_app))
    db.session.commit()
    click.echo(f"{queued} reminders queued.", err=True)


@click.command("purge-personal-data")
@with_appcontext
def purge_personal_data_command() -> None:
    """Erase guests' name, address and affiliation GUEST_DATA_DAYS days after their event."""
    from flask import current_app

    from eventapp.registrations.privacy import purge_guest_data

    days = current_app.config["GUEST_DATA_DAYS"]
    erased = purge_guest_data(now=clock.now(), days=days)
    db.session.commit()
    click.echo(f"{erased} guest registrations anonymised.", err=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_token_command)
    app.cli.add_command(make_admin_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(purge_personal_data_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(sync_sources_command)
