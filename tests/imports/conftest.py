"""A local HTTP server that serves feeds as the peers do (ETag, 304, redirects, slow and big
answers), a source factory, and a sync as the command runs it."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventapp.extensions import clock, db
from eventapp.imports.fetch import Fetcher
from eventapp.imports.models import Source
from eventapp.imports.runner import sync_and_commit
from eventapp.reference.models import Organisation, Topic, Venue

FEEDS = Path(__file__).parent / "feeds"


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True  # answer with an ETag, and 304 to a matching If-None-Match
    hang: bool = False  # never answer
    stream: int = 0  # send this many bytes of calendar-ish text, with no Content-Length


class FeedServer:
    """Serves `routes` on 127.0.0.1 over plain http, in a thread; counts the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.hang:
                    server.release.wait(10)
                    return
                tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                if route.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.stream:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    line = b"X-FILLER:" + b"x" * 1000 + b"\r\n"
                    for _ in range(route.stream // len(line)):
                        self.wfile.write(line)
                    return
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.httpd.server_port}{path}"

    def serve(self, path: str, body: bytes | str, **kwargs) -> str:
        """Serve `body` (bytes, or the name of a fixture file) at `path`; returns its URL."""
        data = (FEEDS / body).read_bytes() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)
        return self.url(path)

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def fetcher() -> Fetcher:
    """Short timeouts (fast tests), a small size limit, plain http to this machine (and so
    private addresses: the tests' server is on 127.0.0.1)."""
    return Fetcher(
        timeout=1.0, max_bytes=1024 * 1024, allow_http_localhost=True, allow_private=True
    )


@pytest.fixture
def make_source(app, sites):
    """Make and commit a source on `url` for a new organisation of `site`."""
    counter = iter(range(1, 1000))

    def make(url: str, *, site: str = "cambridge", language: str = "en", **fields) -> Source:
        n = next(counter)
        organisation = Organisation(slug=f"lab-{n}", name_en=f"Lab {n}", site=sites[site])
        source = Source(
            name=f"Feed {n}", url=url, organisation=organisation, site=sites[site],
            language=language, **fields,
        )  # fmt: skip
        db.session.add(source)
        db.session.commit()
        return source

    return make


@pytest.fixture
def sync(app, settings, fetcher):
    """Sync a source as `sync-sources --source ID` does (committed), at the app's clock."""

    def run(source: Source, *, using: Fetcher | None = None):
        report = sync_and_commit(
            source.id, now=clock.now(), settings=settings, fetcher=using or fetcher
        )
        db.session.expire_all()
        return report

    return run


@pytest.fixture
def venue(app, sites) -> Venue:
    made = Venue(
        name_en="Lecture Theatre 1", name_fr="Amphithéâtre 1", address="JJ Thomson Avenue",
        site=sites["cambridge"],
    )  # fmt: skip
    db.session.add(made)
    db.session.commit()
    return made


@pytest.fixture
def topic(app) -> Topic:
    made = Topic(slug="machine-learning", name_en="Machine learning", name_fr="Apprentissage")
    db.session.add(made)
    db.session.commit()
    return made
