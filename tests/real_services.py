"""The real servers the suite uses, and the care it takes with them (see tests/conftest.py).

- PostgreSQL, from `TEST_DATABASE_URL`: the suite drops and recreates its `public` schema, so it
  refuses a database whose name does not say `test`; without the variable the suite runs on
  SQLite and says so at the end, loudly, since `FOR UPDATE` and the upserts then went untested.
- Redis, from `TEST_REDIS_URL` (default database 13 of the local server, which the app never uses
  on its own): tests write only keys under a prefix of their own run and delete just those, never
  `FLUSHDB`, so whatever else the database holds, and another run at the same time, is left alone.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
NO_POSTGRESQL = (
    "PostgreSQL was NOT used: TEST_DATABASE_URL is unset, so this run was on SQLite only.",
    "Its paths (SELECT ... FOR UPDATE, ON CONFLICT upserts) went untested. Run again with",
    "  TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test make test",
)


def refuse_unless_test_database(url: str) -> None:
    """Stop the run before anything is dropped unless the database's name contains `test`."""
    name = make_url(url).database or ""
    if "test" not in name.lower():
        pytest.exit(
            f"refusing to DROP SCHEMA on database {name!r}: TEST_DATABASE_URL must name a "
            "database made for the tests (its name containing 'test')",
            returncode=4,
        )


def report_database(terminalreporter) -> None:
    """At the end of the run: a banner when PostgreSQL was not used."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    terminalreporter.write_sep("!", "PostgreSQL NOT USED", red=True, bold=True)
    for line in NO_POSTGRESQL:
        terminalreporter.write_line(line, red=True, bold=True)
    terminalreporter.write_sep("!", red=True, bold=True)


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL


def redis_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def run_prefix() -> str:
    """A key prefix no other run shares (Flask-Limiter keeps the first one it is given for the
    whole process, so it is one per run, not one per test)."""
    return f"eventapp-test-{uuid.uuid4().hex[:12]}"


def own_keys(prefix: str) -> str:
    """The pattern of the run's keys (Redis `SCAN MATCH`)."""
    return f"*/{prefix}/*"


def delete_prefixed(url: str, prefix: str) -> int:
    """Delete this run's keys, and only those."""
    import redis

    client = redis.Redis.from_url(url)
    # Flask-Limiter's keys read `LIMITS:LIMITER/<prefix>/<address>/<endpoint>/...`.
    keys = list(client.scan_iter(match=own_keys(prefix), count=500))
    if keys:
        client.delete(*keys)
    client.close()
    return len(keys)
