"""The app's one clock: tests set it, pages, links and commands follow it, and it keeps moving."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import TEST_NOW, wait

from eventapp import create_app
from eventapp.clock import system_now
from eventapp.extensions import clock


def test_the_clock_starts_where_the_tests_put_it_and_moves_on(app):
    first = clock.now()
    assert TEST_NOW <= first < TEST_NOW + timedelta(minutes=5)
    wait(0.01)
    assert clock.now() > first


def test_set_and_advance_move_only_this_apps_clock(app, database_url):
    other = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"})
    clock.set(datetime(2031, 5, 1, tzinfo=UTC))
    clock.advance(timedelta(days=2))
    assert datetime(2031, 5, 3, tzinfo=UTC) <= clock.now() < datetime(2031, 5, 3, 0, 1, tzinfo=UTC)
    with other.app_context():
        assert abs(clock.now() - system_now()) < timedelta(seconds=5)


def test_outside_an_app_the_clock_is_the_systems():
    assert abs(clock.now() - system_now()) < timedelta(seconds=5)
    with pytest.raises(RuntimeError):
        clock.set(TEST_NOW)


def test_the_start_may_be_given_as_iso_text(database_url):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "EVENTAPP_CLOCK_START": "2030-01-02T03:04:05"}
    )
    with app.app_context():
        assert datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC) <= clock.now()
        assert clock.now() < datetime(2030, 1, 2, 3, 5, tzinfo=UTC)


def test_the_list_page_shows_what_is_upcoming_by_the_apps_clock(client, make_event):
    soon = make_event(title_en="Soon", start=(TEST_NOW + timedelta(days=3)).replace(tzinfo=None))
    assert "Soon" in client.get("/en/events/").get_data(as_text=True)
    clock.advance(timedelta(days=10))
    assert "Soon" not in client.get("/en/events/").get_data(as_text=True)
    assert soon.title_en == "Soon"


def test_nothing_in_the_app_reads_the_machines_clock_on_its_own():
    # Every reading goes through the app's clock, so tests (and the faked-clock run) set it.
    package = Path(__file__).resolve().parent.parent / "eventapp"
    readings = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(")
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        if path.name != "clock.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if readings.search(line)
    ]
    assert found == []
