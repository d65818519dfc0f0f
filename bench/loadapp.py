"""The WSGI module of the load run (`gunicorn bench.loadapp:app`): the app, plus two baselines.

The configuration comes as JSON in $BENCH_LOAD_CONFIG (the bench's own database). Two routes
exist only here, never in eventapp/: `GET /bench-hello` (renders nothing, no database) and
`POST /bench-insert` (one plain INSERT into `bench_plain`, a table the bench made, and a commit):
the baselines the pages and the registration rush are compared with, in the same app, with the
same request hooks. With $BENCH_LOAD_PROFILE, each route is profiled (bench/loadprofile.py).
"""

from __future__ import annotations

import json
import os

from flask import Flask
from sqlalchemy import text

from bench.loadprofile import PROFILE_ENV, Profiled
from eventapp import create_app
from eventapp.extensions import csrf, db

CONFIG_ENV = "BENCH_LOAD_CONFIG"
HELLO_PATH = "/bench-hello"
INSERT_PATH = "/bench-insert"
PLAIN_TABLE = "bench_plain"


def add_baselines(app: Flask) -> None:
    """The hello-world route and the plain one-row INSERT route."""

    def hello() -> str:
        return "hello"

    @csrf.exempt
    def insert() -> tuple[str, int]:
        db.session.execute(text(f"INSERT INTO {PLAIN_TABLE} (note) VALUES ('bench')"))
        db.session.commit()
        return "inserted", 201

    app.add_url_rule(HELLO_PATH, "bench_hello", hello)
    app.add_url_rule(INSERT_PATH, "bench_insert", insert, methods=["POST"])


def make_app() -> Flask:
    app = create_app(json.loads(os.environ[CONFIG_ENV]))
    add_baselines(app)
    if os.environ.get(PROFILE_ENV):  # the profiling pass of `--load-profile` only
        app.wsgi_app = Profiled(app.wsgi_app, os.environ[PROFILE_ENV])
    return app


app = make_app() if CONFIG_ENV in os.environ else None
