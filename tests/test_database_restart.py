"""PostgreSQL restarts while the app is idle: no request fails once it is back.

The test starts a throwaway cluster of its own (Debian's `initdb` and `pg_ctl`, in a temporary
folder, on a free port), never the shared server, and restarts it between requests. Without a
check of pooled connections before use, the first request after the restart fails (a 503 from
/healthz, a 500 from a page).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from support import TEST_NOW, need

from eventapp import create_app
from eventapp.extensions import db

pytestmark = pytest.mark.postgres

REQUESTS_AFTER = 6


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> float:
    return float(path.split("/")[4])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[tuple[str, Callable[[], None]]]:
    """A PostgreSQL cluster in a temporary folder: its URL, and a function that restarts it.

    initdb refuses to run as root: as root, the cluster runs as the `postgres` user."""
    bin_dir = _bin_dir()
    need(bin_dir is not None, "initdb/pg_ctl not found under /usr/lib/postgresql/*/bin")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="eventapp-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            need(False, "running as root and there is no `postgres` user to run initdb as")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def pg_ctl(*args: str) -> None:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
             "-w", "-t", "30", *args],
            check=True, capture_output=True,
        )  # fmt: skip

    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
    try:
        subprocess.run(
            [*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        pg_ctl("-o", options, "start")
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        yield url, lambda: pg_ctl("-m", "fast", "-o", options, "restart")
    finally:
        if (data / "postmaster.pid").exists():
            pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def answers(client) -> list[int]:
    """The statuses of a health check and of a page that reads the database."""
    return [client.get("/healthz").status_code, client.get("/en/").status_code]


def test_no_request_fails_after_postgresql_restarts_while_idle():
    with throwaway_cluster() as (url, restart):
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "EVENTAPP_CLOCK_START": TEST_NOW}
        )
        with app.app_context():
            upgrade()
        client = app.test_client()
        assert answers(client) == [200, 200]  # the pool now holds an open connection
        restart()
        after = [status for _ in range(REQUESTS_AFTER) for status in answers(client)]
        assert after == [200] * (2 * REQUESTS_AFTER)
        with app.app_context():
            db.engine.dispose()
