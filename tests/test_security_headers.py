"""Security headers on every kind of answer: pages, the API, feeds, static files, errors, 304s."""

from __future__ import annotations

import re
import secrets

import pytest

from eventapp import create_app

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# What the policy must say, whatever else it allows.
REQUIRED_DIRECTIVES = {
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
}


def directives(policy: str) -> dict[str, str]:
    pairs = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in pairs}


def assert_protected(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    found = directives(policy)
    for name, value in REQUIRED_DIRECTIVES.items():
        assert found.get(name) == value, (name, policy)


@pytest.fixture
def event(make_event):
    return make_event(title_en="Headers seminar")


@pytest.mark.parametrize(
    ("method", "path", "status", "mimetype"),
    [
        ("GET", "/en/events/", 200, "text/html"),
        ("GET", "/en/events/{id}", 200, "text/html"),
        ("GET", "/api/v1/events", 200, "application/json"),
        ("GET", "/api/v1/events/{id}", 200, "application/json"),
        ("GET", "/api/v1/openapi.json", 200, "application/json"),
        ("GET", "/feeds/en/events.ics", 200, "text/calendar"),
        ("GET", "/feeds/fr/events/{id}.ics", 200, "text/calendar"),
        ("GET", "/static/css/site.css", 200, "text/css"),
        ("GET", "/static/js/localtime.js", 200, "text/javascript"),
        ("GET", "/healthz", 200, "application/json"),
        ("GET", "/", 302, None),
        ("GET", "/en/no-such-page", 404, "text/html"),
        ("GET", "/api/v1/events/999999", 404, "application/json"),
        ("GET", "/feeds/en/events/999999.ics", 404, "text/plain"),
        ("GET", "/feeds/en/events.ics?site=nowhere", 400, "text/plain"),
        ("DELETE", "/en/events/", 405, "text/html"),
        ("PUT", "/api/v1/events", 405, "application/json"),
        ("GET", "/static/no-such-file.css", 404, "text/html"),
    ],
)
def test_every_kind_of_answer_carries_the_headers(client, event, method, path, status, mimetype):
    response = client.open(path.format(id=event.id), method=method)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if mimetype:
        assert response.mimetype == mimetype
    assert_protected(response)
    assert "Strict-Transport-Security" not in response.headers  # development is plain HTTP


@pytest.mark.parametrize("path", ["/static/css/site.css", "/feeds/en/events.ics"])
def test_a_not_modified_answer_carries_them_too(client, event, path):
    first = client.get(path)
    assert first.headers.get("ETag")
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_protected(again)


def test_a_refused_form_post_carries_them(client):
    # No CSRF token: refused before any view runs.
    response = client.post("/en/account/login", data={"email": "a@example.org"})
    assert response.status_code == 400
    assert_protected(response)


def test_pages_load_nothing_the_policy_blocks(client, event):
    # The policy allows the site's own scripts and stylesheets only, and nothing inline.
    for path in ("/en/events/", f"/fr/events/{event.id}", "/en/account/login", "/en/no-page"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", html, re.I), path
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.search(r'\ssrc="/static/', tag), (path, tag)
        for tag in re.findall(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>", html):
            assert re.search(r'\shref="/static/', tag), (path, tag)
        assert "<iframe" not in html and "<object" not in html and "<img" not in html


@pytest.fixture
def production_app(app, monkeypatch, database_url):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("EVENTAPP_SINGLE_PROCESS", "1")
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})


@pytest.mark.parametrize(
    "path", ["/en/events/", "/api/v1/events", "/feeds/en/events.ics", "/static/css/site.css"]
)
def test_production_answers_add_strict_transport_security(production_app, path):
    response = production_app.test_client().get(path)
    assert response.status_code == 200
    assert_protected(response)
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age and int(max_age.group(1)) >= 180 * 24 * 3600, hsts


def test_production_errors_add_it_too(production_app):
    response = production_app.test_client().get("/api/v1/events/999999")
    assert response.status_code == 404
    assert response.headers.get("Strict-Transport-Security")


def test_a_server_error_carries_them_too(app, database_url):
    # Not TESTING: the error is answered with the 500 page, as a server would.
    crashing = create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url})

    def boom():
        raise RuntimeError("a bug")

    crashing.add_url_rule("/en/boom", "boom", boom)
    crashing.add_url_rule("/api/v1/boom", "api_boom", boom)
    for path, mimetype in (("/en/boom", "text/html"), ("/api/v1/boom", "application/json")):
        response = crashing.test_client().get(path)
        assert response.status_code == 500
        assert response.mimetype == mimetype
        assert_protected(response)
