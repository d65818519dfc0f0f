"""A source's address cannot reach into the machine's own networks (SSRF): private, loopback,
link-local, reserved addresses are refused when the source is made (a literal IP) and when it is
fetched (whatever the name resolves to), unless EVENTAPP_IMPORTS_ALLOW_PRIVATE says otherwise."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from writing_support import make_world

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.imports.fetch import PRIVATE, Fetcher, FetchError, private_address
from eventapp.imports.runner import fetcher_of
from eventapp.imports.services import SourceError, save_source


@pytest.fixture
def guarded() -> Fetcher:
    """Plain http to this machine is allowed, so that only the address can be the reason."""
    return Fetcher(timeout=1.0, allow_http_localhost=True)


def test_private_addresses_are_off_by_default(app):
    assert fetcher_of(app.config).allow_private is False
    assert app.config["IMPORTS_ALLOW_PRIVATE"] is False


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "169.254.169.254", "10.1.2.3", "192.168.0.1",
     "[::ffff:127.0.0.1]", "0.0.0.0", "100.64.0.1", "224.0.0.1", "[fe80::1]", "[fc00::1]"],
)  # fmt: skip
def test_a_private_host_is_refused_before_anything_is_fetched(feed_server, guarded, host):
    feed_server.serve("/feed.ics", "talks_cam.ics")
    port = feed_server.httpd.server_port
    for scheme in ("http", "https"):
        url = f"{scheme}://{host}:{port}/feed.ics"
        if scheme == "http" and host not in ("127.0.0.1", "localhost"):
            continue  # plain http is refused for its scheme elsewhere
        with pytest.raises(FetchError) as refused:
            guarded(url)
        assert refused.value.reason == PRIVATE
    assert feed_server.requests == []


def test_a_sync_of_a_private_address_fails_with_the_reason_and_imports_nothing(
    feed_server, make_source, sync, guarded
):
    source = make_source(feed_server.serve("/feed.ics", "talks_cam.ics"))
    report = sync(source, using=guarded)
    assert report.status == "failed" and report.errors == [PRIVATE]
    assert feed_server.requests == []
    assert db.session.scalar(select(func.count(Event.id))) == 0
    assert db.session.get(type(source), source.id).last_error == PRIVATE


def test_each_redirect_is_resolved_and_judged_again(feed_server, make_source, sync):
    feed_server.serve("/feed.ics", "talks_cam.ics")
    feed_server.serve("/moved.ics", b"", status=302, headers={"Location": "/feed.ics"})

    class FirstHopAllowed(Fetcher):
        """Lets its first connection reach the tests' server, as if it were public."""

        hops = 0

        def connect(self, address, *args, **kwargs):
            FirstHopAllowed.hops += 1
            judge = Fetcher(allow_private=True) if self.hops == 1 else self
            return Fetcher.connect(judge, address, *args, **kwargs)

    fetcher = FirstHopAllowed(timeout=1.0, allow_http_localhost=True)
    report = sync(make_source(feed_server.url("/moved.ics")), using=fetcher)
    assert report.status == "failed" and report.errors == [PRIVATE]
    assert [path for path, _ in feed_server.requests] == ["/moved.ics"]


def test_the_setting_lets_the_tests_server_be_reached(feed_server):
    url = feed_server.serve("/feed.ics", "talks_cam.ics")
    assert Fetcher(timeout=1, allow_http_localhost=True, allow_private=True)(url).status == 200


@pytest.mark.parametrize(
    ("address", "private"),
    [("8.8.8.8", False), ("2001:4860:4860::8888", False), ("64:ff9b::808:808", False),
     ("64:ff9b::a00:1", True), ("2002:a00:1::", True), ("::ffff:10.0.0.1", True),
     ("::", True), ("ff02::1", True), ("192.0.2.1", True), ("255.255.255.255", True)],
)  # fmt: skip
def test_which_addresses_are_private(address, private):
    assert private_address(address) is private


@pytest.mark.parametrize(
    "url",
    ["https://127.0.0.1/feed.ics", "https://localhost/feed.ics", "webcal://192.168.1.1/cal.ics",
     "https://169.254.169.254/latest/meta-data", "https://10.0.0.7/cal.ics"],
)  # fmt: skip
def test_a_source_on_a_literal_private_address_is_refused_when_made(app, sites, url):
    world = make_world(sites)
    values = {"name": "Intranet", "url": url, "organisation": "hec-paris",
              "site": "paris-saclay", "topics": [], "language": "en", "publish": True,
              "registration": False, "interval_minutes": 60}  # fmt: skip
    with pytest.raises(SourceError) as refused:
        save_source(None, values, actor=world["organiser"])
    assert "private, local or reserved network" in str(refused.value.fields["url"])
    db.session.rollback()
    assert save_source(None, values, actor=world["organiser"], allow_private=True).id


def test_the_api_refuses_a_private_address_with_the_reason(client, app, sites):
    world = make_world(sites)
    body = {"name": "Metadata", "url": "https://169.254.169.254/", "organisation": "hec-paris",
            "site": "paris-saclay"}  # fmt: skip
    answer = client.post("/api/v1/sources", json=body, headers=world["headers"]["organiser"])
    assert answer.status_code == 400
    assert "private" in answer.json["error"]["fields"]["url"]
    french = {**world["headers"]["organiser"], "Accept-Language": "fr"}
    answer = client.post("/api/v1/sources", json=body, headers=french)
    assert "privé" in answer.json["error"]["fields"]["url"]
