"""`python -m bench.faultseed RUSH MAIL CAPACITY`: the fault run's data, on the database that
DATABASE_URL names (already migrated), printed as JSON on standard output.

Run as a process of its own, with the same environment as the app it serves, so that the bench
process holds no app, engine or connection of its own. Two published events with
registration: the rush's (CAPACITY places) and the outage's (room for everyone); RUSH and MAIL
confirmed accounts without password (`rush-N@…`, `mail-N@…`), each with an API token.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

from eventapp import create_app
from eventapp.accounts.models import User
from eventapp.accounts.services import create_token
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Site

DOMAIN = "bench.example.org"


def _event(site: Site, org: Organisation, title: str, capacity: int, days: int) -> Event:
    start = clock.now() + timedelta(days=days)
    event = Event(
        kind="seminar", status="published", language="en", site=site, title_en=title,
        start_at=start, end_at=start + timedelta(hours=2), online_url="https://meet.example.org/f",
        capacity=capacity, organisations=[org],
    )  # fmt: skip
    db.session.add(event)
    return event


def _tokens(prefix: str, count: int) -> list[str]:
    tokens = []
    for n in range(count):
        user = User(email=f"{prefix}-{n}@{DOMAIN}", name=f"{prefix} {n}", confirmed_at=clock.now())
        db.session.add(user)
        db.session.flush()
        tokens.append(create_token(user, now=clock.now()))
    return tokens


def seed(rush: int, mail: int, capacity: int) -> dict:
    """Add the run's events and accounts; return their ids and tokens."""
    site = Site(slug="paris-saclay", name_en="Paris-Saclay", timezone="Europe/Paris")
    org = Organisation(slug="bench-faults", name_en="Fault run", site=site)
    rush_event = _event(site, org, "The rush", capacity, days=20)
    mail_event = _event(site, org, "The outage", rush + mail + 100, days=21)
    data = {"rush_tokens": _tokens("rush", rush), "mail_tokens": _tokens("mail", mail)}
    db.session.commit()
    return {**data, "rush_event": rush_event.id, "mail_event": mail_event.id}


def main(argv: list[str]) -> int:
    rush, mail, capacity = (int(arg) for arg in argv)
    app = create_app()
    with app.app_context():
        print(json.dumps(seed(rush, mail, capacity)))
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
