"""The parts of an event page that are the reader's own, rendered small for each request and
joined into the body kept for every reader (`pagecache.joined_page`): their account links, the
messages waiting for them, the Edit button, the online link kept for confirmed attendees and the
registration box. Each reads only what it shows: the event's row when it needs it (once), the
reader's registration, their organisations."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template
from flask_login import current_user

from eventapp.accounts.permissions import hosts_any
from eventapp.events import queries
from eventapp.events.models import Event


def event_parts(event_id: int) -> dict[str, Callable[[], str]]:
    """How to render each of the reader's parts of the page of event `event_id`."""
    found: list[Event] = []

    def event() -> Event:
        if not found:
            row = queries.event_row(event_id)
            if row is None:  # gone since the body was kept under an older version
                abort(404)
            found.append(row)
        return found[0]

    def edit() -> str:
        if not hosts_any(current_user):
            return ""  # what the template renders for them, without reading the event
        return render_template("events/_edit.html", event=event())

    return {
        "account": lambda: render_template("_partials/account_nav.html"),
        "flashes": lambda: render_template("_partials/flashes.html"),
        "edit": edit,
        "actions": lambda: render_template("events/_actions.html", event=event()),
        "where": lambda: render_template("events/_where.html", event=event()),
        "registration": lambda: render_template("_partials/registration_box.html", event=event()),
    }
