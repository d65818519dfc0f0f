"""Fixtures of the events' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventapp import create_app
from eventapp.extensions import clock, db


@pytest.fixture
def second(app) -> Iterator:
    """A test client of another app process on the same database (its own page memo), as a
    second gunicorn worker would be."""
    other = create_app({**app.config, "EVENTAPP_CLOCK_START": clock.now()})
    other.test_client_class = app.test_client_class  # each request in its own app context
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()
