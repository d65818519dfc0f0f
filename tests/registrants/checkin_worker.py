"""A check-in made from its own thread, with its own app and database session, as a second
organiser's phone would make it through a second server."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

# Apps are made one at a time (see tests/registrations/race_worker.py: CPython 3.11's `ast.parse`
# is not safe when Werkzeug compiles rules in several threads at once).
_MAKING_APPS = threading.Lock()
AT_THE_DOOR = datetime(2027, 3, 26, 12, 40, tzinfo=UTC)


def check_in_once(
    database_url: str, event_id: int, registration_id: int, user_id: int, attended: bool, barrier
) -> str:
    """Mark (or undo) the registration as user `user_id`, held at `barrier` between the read and
    the write; returns 'ok', or the error."""
    from eventapp import create_app
    from eventapp.accounts.models import User
    from eventapp.extensions import db
    from eventapp.registrants import checkin

    with _MAKING_APPS:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"})
    with app.app_context():
        try:
            checkin.check_in(
                registration_id, event_id=event_id, attended=attended,
                by=db.session.get(User, user_id), now=AT_THE_DOOR,
                pause=lambda: barrier.wait(timeout=60),
            )  # fmt: skip
            db.session.commit()
            return "ok"
        except Exception as err:  # reported to the test, which fails on any
            db.session.rollback()
            return f"error: {type(err).__name__}: {err}"
        finally:
            db.session.remove()
            db.engine.dispose()
