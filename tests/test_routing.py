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


@pytest.mark.parametrize(
    "path",
    ["/{lang}/events/2147483648", "/{lang}/events/9223372036854775808", "/{lang}/series/a%00b",
     "/{lang}/sites/a%0d%0ab", "/{lang}/no-such-page"],
)  # fmt: skip
@pytest.mark.parametrize(("lang", "title"), [("en", "Page not found"), ("fr", "Page introuvable")])
def test_an_id_too_large_or_a_control_character_is_a_404_in_the_page_s_language(
    client, path, lang, title
):
    answer = client.get(path.format(lang=lang))
    assert answer.status_code == 404
    assert f'<html lang="{lang}"' in answer.get_data(as_text=True)
    assert title in answer.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/events/2147483648", "/api/v1/organisations/a%00b"])
def test_the_api_answers_them_with_its_json_404(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.get_json()["error"]["message"]


def test_a_feed_answers_them_with_a_plain_404(client):
    assert client.get("/feeds/en/events/2147483648.ics").status_code == 404
