"""Work done through an app of its own, as a second server would do it: for the race tests'
threads and processes."""

from __future__ import annotations

import threading
from collections.abc import Callable

# Building apps in several threads at once trips a CPython 3.11 bug in `ast.parse` (Werkzeug
# compiles each URL rule): "AST constructor recursion depth mismatch". The races are in the
# services, not in making the app, so apps are made one at a time.
_MAKING_APPS = threading.Lock()


def in_own_app(database_url: str, work: Callable[[], str], **config) -> str:
    """`work()` in a fresh app's context, committed; its answer, or the error it raised."""
    from eventapp import create_app
    from eventapp.extensions import db

    with _MAKING_APPS:
        # Mail rendered after the commit, as the `app` fixture does (see tests/conftest.py).
        base = {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"}
        app = create_app({**base, "MAIL_RENDER_AFTER_COMMIT": True, **config})
    with app.app_context():
        try:
            answer = work()
            db.session.commit()
            return answer
        except Exception as err:  # reported to the test, which fails on any
            db.session.rollback()
            return f"error: {type(err).__name__}: {err}"
        finally:
            db.session.remove()
            db.engine.dispose()
