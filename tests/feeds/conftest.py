"""Feed fixtures: fetch a feed and check every byte of it, and ical.js through Node.

`fetch_feed(client, url)` is used on every feed the tests read: it checks the HTTP answer, runs
`checks.check_feed` (bytes, structure, `icalendar` parsing and validation) and, where Node and
ical.js are installed, has ical.js read the same bytes and agree on UIDs, texts and instants.
Tests that are about ical.js itself take the `ical_js` fixture, which skips without Node (and
fails under EVENTAPP_REQUIRE_ALL=1).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eventapp.extensions import db

HERE = Path(__file__).resolve().parent
JS_DIR = HERE / "js"
FEED_TYPE = "text/calendar; charset=utf-8"
NODE_HINT = "Node.js and ical.js are needed: install Node, then `npm ci --prefix tests/feeds/js`"


def _load(name: str, path: Path):
    # tests/ has no packages, and this conftest shadows the module name `conftest` of
    # tests/conftest.py while it loads: load helper modules by their path, once.
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


checks = _load("feed_checks", HERE / "checks.py")
need = _load("tests_root_conftest", HERE.parent / "conftest.py").need


def ical_js_available() -> bool:
    return shutil.which("node") is not None and (JS_DIR / "node_modules" / "ical.js").is_dir()


class IcalJs:
    """One `node parse.mjs --serve` for the whole run; `parse(bytes)` is ical.js's reading."""

    def __init__(self) -> None:
        # A zone far from Europe: a time ical.js took as floating would come out hours off.
        env = {**os.environ, "TZ": "Pacific/Kiritimati"}
        self.proc = subprocess.Popen(
            ["node", "parse.mjs", "--serve"], cwd=JS_DIR, env=env, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def parse(self, data: bytes) -> dict:
        self.proc.stdin.write(json.dumps(data.decode("utf-8")) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "ical.js (node) stopped answering"
        answer = json.loads(line)
        assert "error" not in answer, f"ical.js failed: {answer['error']}"
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def _node():
    if not ical_js_available():
        yield None
        return
    node = IcalJs()
    yield node
    node.close()


@pytest.fixture
def ical_js(_node):
    """ical.js's reading of a feed's bytes; the test skips where Node or ical.js is missing."""
    need(_node is not None, NODE_HINT)
    return _node.parse


@pytest.fixture(scope="session")
def check_feed():
    """`checks.check_feed`: every rule of the bytes; returns the feed as read."""
    return checks.check_feed


@pytest.fixture(scope="session")
def check_invitation():
    """`checks.check_invitation`: the bytes of a calendar invitation (METHOD, ORGANIZER…)."""
    return checks.check_invitation


@pytest.fixture(scope="session")
def feed_checks():
    """The whole `checks` module (tests/ has no packages to import it from)."""
    return checks


@pytest.fixture
def fetch_feed(_node):
    """GET (or HEAD) a feed, check the answer and every byte, and read it with ical.js too."""

    def fetch(client, url: str, *, status: int = 200, **kwargs):
        response = client.get(url, **kwargs)
        settle()
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        if status != 200:
            return response
        assert response.headers["Content-Type"] == FEED_TYPE
        feed = checks.check_feed(response.data)
        feed.response = response
        feed.js = agree_with_ical_js(_node, feed) if _node is not None else None
        return feed

    return fetch


def settle() -> None:
    """End the test's own transaction, if it has nothing pending, as a request ends its own.

    The test's session is one more connection: on SQLite in WAL mode an open transaction keeps
    reading its old snapshot (missing the blocks a request just stored) and is refused a later
    write ("database is locked") once another connection has committed since it began.
    """
    session = db.session
    if not (session.new or session.dirty or session.deleted):
        session.commit()


def agree_with_ical_js(node: IcalJs, feed) -> dict:
    """ical.js reads the same events, texts and instants as our own reading."""
    js = node.parse(feed.data)
    assert js["zones"] == feed.zones
    assert js["name"] == js["xWrCalname"] == feed.calendar["NAME"]
    assert js["description"] == feed.calendar["DESCRIPTION"]
    assert [e["uid"] for e in js["events"]] == feed.uids
    for seen, event in zip(js["events"], feed.events, strict=True):
        uid = event["UID"]
        assert not seen["floating"], f"ical.js reads {uid} as floating"
        for key in ("summary", "description", "location", "status", "url"):
            assert seen[key] == event[key.upper()], (uid, key)
        assert seen["sequence"] == int(event["SEQUENCE"])
        start, end = checks.instants(event)
        if seen["allDay"]:
            assert (seen["startDate"], seen["endDate"]) == (start.isoformat(), end.isoformat())
        else:
            assert seen["tzid"] == event.one("DTSTART").params.get("TZID", "UTC")
            assert (seen["start"], seen["end"]) == (js_instant(start), js_instant(end)), uid
    return js


def js_instant(instant) -> str:
    """A UTC instant as JavaScript's `toISOString()` writes it."""
    return instant.strftime("%Y-%m-%dT%H:%M:%S.000Z")
