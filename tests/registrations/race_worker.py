"""A registration made from its own process (or thread), as a second server would make it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

# Building apps in several threads at once trips a CPython 3.11 bug in `ast.parse` (Werkzeug
# compiles each URL rule): "AST constructor recursion depth mismatch". The race is in the
# registrations, not in making the app, so apps are made one at a time.
_MAKING_APPS = threading.Lock()


def register_once(
    database_url: str, event_id: int, n: int, pause: float, lock: bool, barrier=None
) -> str:
    """Register person `n` for the event through a fresh app; returns the status or the error.

    With a `barrier`, every worker starts registering at the same moment, however long each
    took to start: the race is then certain, not a matter of timing.
    """
    from eventapp import create_app
    from eventapp.events.models import Event
    from eventapp.extensions import db
    from eventapp.registrations import services
    from eventapp.settings import settings_of

    if not lock:  # the test that proves the race is real takes the lock out
        services.lock_places = lambda *args, **kwargs: None
    with _MAKING_APPS:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t",
                          "EVENTAPP_BASE_URL": "https://events.example.org"})  # fmt: skip
    with app.app_context():
        try:
            if barrier is not None:
                barrier.wait(timeout=120)
            event = db.session.get(Event, event_id)
            who = services.Attendee(email=f"racer{n}@example.org", name=f"Racer {n}")
            reg = services.register(
                event, who, settings=settings_of(app), now=datetime(2027, 1, 10, tzinfo=UTC),
                pause=lambda: threading.Event().wait(pause),  # as support.wait
            )  # fmt: skip
            db.session.commit()
            return reg.status
        except Exception as err:  # reported to the test, which fails on any
            db.session.rollback()
            return f"error: {type(err).__name__}: {err}"
        finally:
            db.session.remove()
            db.engine.dispose()
