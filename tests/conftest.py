"""Fixtures: an app on a real database (a SQLite file, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import contextvars
import os
import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from eventapp import create_app
from eventapp.accounts.models import User
from eventapp.events.models import Event, EventSession
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.settings import settings_of

PARIS = ZoneInfo("Europe/Paris")
LONDON = ZoneInfo("Europe/London")
import real_services  # noqa: E402
from support import TEST_NOW, need, wait  # noqa: E402,F401  (need: re-exported for older imports)

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    # The faked-clock run (make test-future): libfaketime 0.9.10, with monotonic time left alone,
    # fails `time.sleep` with EINVAL, in the tests and in the libraries they call (subprocess
    # waits); a timed wait on an event is unaffected.
    time.sleep = wait


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A migrated, empty database for the whole run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        real_services.refuse_unless_test_database(url)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a server does, not in the test's one."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def settings(app):
    """What the services are given by the app's views and commands (`settings=`)."""
    return settings_of(app)


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "EVENTAPP_BASE_URL": "https://events.example.org",
            "EVENTAPP_UID_DOMAIN": "events.example.org",
            "EVENTAPP_CLOCK_START": TEST_NOW,
            # Served apps leave registration mail to the worker that sends it (the default);
            # here it is rendered right after the commit, so that a test reads a finished
            # message in the outbox without running the worker. The two give the same mail:
            # tests/mail/test_rendered_after_commit.py proves it, and tests the default.
            "MAIL_RENDER_AFTER_COMMIT": True,
        }
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sites(app) -> dict[str, Site]:
    """The three sites of the partnership."""
    made = {
        "paris-saclay": Site(
            slug="paris-saclay", name_fr="Paris-Saclay", name_en="Paris-Saclay",
            timezone="Europe/Paris", language="fr",
        ),
        "oxford": Site(slug="oxford", name_fr="Oxford", name_en="Oxford", timezone="Europe/London"),
        "cambridge": Site(
            slug="cambridge", name_fr="Cambridge", name_en="Cambridge", timezone="Europe/London"
        ),
    }  # fmt: skip
    db.session.add_all(made.values())
    db.session.commit()
    return made


@pytest.fixture
def make_event(app, sites):
    """Make and commit a published event; `start` is local wall time in the site's zone."""
    counter = iter(range(1, 1_000_000))

    def make(
        *,
        site: str = "paris-saclay",
        start: datetime | None = None,
        hours: float = 2,
        title_en: str | None = "An event",
        title_fr: str | None = "Un événement",
        status: str = "published",
        kind: str = "seminar",
        organisations: int = 0,
        topics: int = 0,
        speakers: int = 0,
        sessions: int = 0,
        series: Series | None = None,
        venue: bool = True,
        **fields,
    ) -> Event:
        n = next(counter)
        the_site = sites[site]
        zone = ZoneInfo(the_site.timezone)
        if start is None:
            start = (
                (clock.now() + timedelta(days=n))
                .astimezone(zone)
                .replace(hour=14, minute=0, second=0, microsecond=0, tzinfo=None)
            )
        start_at = start.replace(tzinfo=zone).astimezone(UTC)
        event = Event(
            kind=kind, status=status, language="both", site=the_site,
            title_en=title_en, title_fr=title_fr,
            start_at=start_at, end_at=start_at + timedelta(hours=hours), series=series,
            **fields,
        )  # fmt: skip
        if venue:
            event.venue = Venue(
                name_en=f"Room {n}", name_fr=f"Salle {n}", address="1 Example Road", site=the_site
            )
        event.organisations = [
            Organisation(slug=f"org-{n}-{i}", name_en=f"Org {n}.{i}", site=the_site)
            for i in range(organisations)
        ]
        event.topics = [
            Topic(slug=f"topic-{n}-{i}", name_en=f"Topic {n}.{i}", name_fr=f"Thème {n}.{i}")
            for i in range(topics)
        ]
        event.speakers = [
            Person(name=f"Speaker {n}.{i}", affiliation="Somewhere") for i in range(speakers)
        ]
        event.sessions = [
            EventSession(
                title_en=f"Session {i}", title_fr=f"Séance {i}",
                start_at=start_at + timedelta(minutes=20 * i),
                end_at=start_at + timedelta(minutes=20 * i + 20), room=f"R{i}",
                speakers=[Person(name=f"Talker {n}.{i}", affiliation="Lab")],
            )
            for i in range(sessions)
        ]  # fmt: skip
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def post_form(client):
    """POST `data` to `url` with the CSRF token of the form served at `page` (default `url`)."""

    def post(url: str, data: dict, page: str | None = None, **kwargs):
        html = client.get(page or url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token, f"no CSRF token on {page or url}"
        return client.post(url, data={**data, "csrf_token": token.group(1)}, **kwargs)

    return post


@pytest.fixture
def make_user(app):
    """Make and commit a confirmed account; `organisations` makes it their organiser."""
    from eventapp.accounts import services

    def make(email: str, *, role: str = "attendee", organisations=(), name: str = "") -> User:
        user = services.create_user(
            email, "a-long-enough-password", now=clock.now(), name=name, role=role,
            confirmed=True,
        )  # fmt: skip
        for organisation in organisations:
            services.grant_organiser(user, organisation)
        db.session.commit()
        return user

    return make


def pytest_terminal_summary(terminalreporter) -> None:
    real_services.report_database(terminalreporter)


@pytest.fixture(scope="session")
def _redis_for_run():
    url, prefix = real_services.redis_url(), real_services.run_prefix()
    yield url, prefix
    if real_services.redis_up(url):
        real_services.delete_prefixed(url, prefix)


@pytest.fixture
def redis_limits(_redis_for_run) -> dict:
    """Settings that count rate limits in Redis, in this run's own keys (see real_services)."""
    url, prefix = _redis_for_run
    need(real_services.redis_up(url), f"Redis is not reachable at {url} (TEST_REDIS_URL)")
    return {"RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix}
