"""The router's own redirects (a missing trailing slash, doubled slashes) stay on this site."""

from __future__ import annotations

import pytest

from eventapp.routing import on_site

HOSTILE = {"Host": "evil.example"}


@pytest.mark.parametrize(
    ("asked", "location"),
    [("/en/events", "/en/events/"), ("/fr/events?site=oxford&q=a", "/fr/events/?site=oxford&q=a"),
     ("/en//events/", "/en/events/"), ("/en/admin", "/en/admin/"), ("/en", "/en/")],
)  # fmt: skip
def test_a_hostile_host_header_never_becomes_the_redirect_s_host(client, asked, location):
    response = client.get(asked, headers=HOSTILE)
    assert response.status_code == 308
    assert response.headers["Location"] == location
    assert "evil" not in response.headers["Location"]


def test_the_redirect_still_lands_on_the_page(client, sites):
    response = client.get("/en/events", headers=HOSTILE, follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/en/events/"


@pytest.mark.parametrize(
    "url", ["http://evil.example//evil.test/x", "http://evil.example/\\evil.test", "//evil.test"]
)
def test_a_path_that_could_name_a_host_keeps_one_slash(url):
    assert on_site(url).startswith("/") and not on_site(url).startswith(("//", "/\\"))


@pytest.mark.parametrize("asked", ["/", "/en/workspace/", "/en/admin/", "/en/account/profile"])
def test_the_app_s_own_redirects_are_paths_too(client, asked):
    # The language choice and the way to log in (with `next`) never carry the request's host.
    location = client.get(asked, headers=HOSTILE).headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location
