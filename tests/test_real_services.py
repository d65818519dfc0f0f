"""The suite's care with real servers: a loud word without PostgreSQL, no DROP SCHEMA on a
database not made for tests, and Redis keys of its own (see tests/real_services.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import real_services

ROOT = Path(__file__).resolve().parents[1]
# A test that needs no database: the run around it is what is being watched.
QUICK = "tests/i18n/test_template_text.py::test_the_check_reads_every_template"
# One that needs the database: its set-up would drop the schema.
WITH_DATABASE = "tests/test_smoke.py"


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"} | env
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_run_without_postgresql_says_so_at_the_end() -> None:
    run = _pytest(QUICK)
    assert run.returncode == 0, run.stdout
    tail = run.stdout.splitlines()[-8:]
    assert any("PostgreSQL NOT USED" in line for line in tail), run.stdout
    assert any("TEST_DATABASE_URL is unset" in line for line in tail)


class Reporter:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write_sep(self, sep: str, title: str = "", **markup) -> None:
        self.lines.append(title)

    def write_line(self, line: str, **markup) -> None:
        self.lines.append(line)


def test_a_run_on_postgresql_says_nothing(monkeypatch) -> None:
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/test_x")
    reporter = Reporter()
    real_services.report_database(reporter)
    assert reporter.lines == []
    monkeypatch.delenv("TEST_DATABASE_URL")
    real_services.report_database(reporter)
    assert "PostgreSQL NOT USED" in reporter.lines


@pytest.mark.parametrize("name", ["events", "postgres", "production", ""])
def test_a_database_not_named_for_tests_is_refused(name) -> None:
    with pytest.raises(pytest.exit.Exception, match="refusing to DROP SCHEMA"):
        real_services.refuse_unless_test_database(f"postgresql+psycopg://u@127.0.0.1:5432/{name}")


@pytest.mark.parametrize("name", ["test", "test_feeds", "events_TEST"])
def test_a_test_database_is_accepted(name) -> None:
    real_services.refuse_unless_test_database(f"postgresql+psycopg://u@127.0.0.1:5432/{name}")


def test_the_run_stops_before_touching_a_database_not_named_for_tests() -> None:
    # Port 9 (discard): were the guard skipped, the run would fail to connect, not refuse.
    url = "postgresql+psycopg://postgres@127.0.0.1:9/events"
    run = _pytest(WITH_DATABASE, TEST_DATABASE_URL=url)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "refusing to DROP SCHEMA on database 'events'" in run.stdout + run.stderr


def test_redis_tests_touch_only_their_own_keys(app, redis_limits) -> None:
    import redis

    from eventapp import create_app

    url, prefix = redis_limits["RATELIMIT_STORAGE_URI"], redis_limits["RATELIMIT_KEY_PREFIX"]
    assert url == real_services.redis_url()
    server = redis.Redis.from_url(url)
    # Another run's count and a key of anyone else's, in the same database.
    others = [f"LIMITS:LIMITER/{prefix}x/127.0.0.1/accounts.login/10/1/minute", f"x{prefix}"]
    for key in others:
        server.set(key, "kept", ex=60)
    try:
        limited = create_app({**app.config, **redis_limits, "WTF_CSRF_ENABLED": False})
        login = {"email": "nobody@example.org", "password": "wrong"}
        assert limited.test_client().post("/en/account/login", data=login).status_code == 400
        ours = set(server.scan_iter(match=real_services.own_keys(prefix)))
        assert ours and all(prefix.encode() in key for key in ours)
        assert not ours & {key.encode() for key in others}
        assert real_services.delete_prefixed(url, prefix) == len(ours)
        assert list(server.scan_iter(match=real_services.own_keys(prefix))) == []
        assert [server.get(key) for key in others] == [b"kept", b"kept"]
    finally:
        server.delete(*others)
        server.close()
