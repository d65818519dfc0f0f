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
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
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


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, Callable[[], None]]]:
    with throwaway_cluster() as found:
        yield found


@contextlib.contextmanager
def app_on(url: str, **config) -> Iterator[Flask]:
    """The app on the cluster, its schema migrated (once per cluster: upgrade is idempotent)."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "EVENTAPP_CLOCK_START": TEST_NOW}
        | config
    )
    with app.app_context():
        upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def test_no_request_fails_after_postgresql_restarts_while_idle(cluster):
    url, restart = cluster
    with app_on(url) as app:
        client = app.test_client()
        assert answers(client) == [200, 200]  # the pool now holds an open connection
        restart()
        after = [status for _ in range(REQUESTS_AFTER) for status in answers(client)]
        assert after == [200] * (2 * REQUESTS_AFTER)


def _terminate_idle_backends(url: str) -> int:
    """End every other session on the cluster (only the app's pooled connections are there),
    waiting until each has exited; how many were ended."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            ended = conn.scalars(
                text(
                    "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ).all()
    finally:
        engine.dispose()
    assert all(ended)
    return len(ended)


# The threshold past which a pooled connection is pinged before use: passed (the connection
# has been idle longer than it), and not reached (the killed connection is not pinged).
@pytest.mark.parametrize("idle_seconds", [0.05, 3600.0], ids=["idle-past-ping", "idle-briefly"])
def test_a_connection_killed_while_idle_in_the_pool_is_replaced(cluster, idle_seconds):
    url, _restart = cluster
    with app_on(url, DB_PING_IDLE_SECONDS=idle_seconds) as app:
        client = app.test_client()
        assert answers(client) == [200, 200]
        time.sleep(0.2)  # past the smaller threshold
        assert _terminate_idle_backends(url) >= 1
        after = [status for _ in range(REQUESTS_AFTER) for status in answers(client)]
        assert after == [200] * (2 * REQUESTS_AFTER)
        # The feeds' 304 reads on a connection of its own, drawn from the same pool.
        feed = client.get("/feeds/en/events.ics")
        assert feed.status_code == 200
        _terminate_idle_backends(url)
        again = client.get("/feeds/en/events.ics", headers={"If-None-Match": feed.headers["ETag"]})
        assert again.status_code == 304
