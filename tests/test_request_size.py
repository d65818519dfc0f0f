"""One limit on the size of a request, forms and JSON alike: 413 in the contract's JSON under
/api/, a page in the page's language elsewhere."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select
from writing_support import make_world, seminar_body

from eventapp.config import DEFAULT_MAX_REQUEST_BYTES, load_config
from eventapp.events.models import Event
from eventapp.extensions import db

TOO_LONG = "x" * (DEFAULT_MAX_REQUEST_BYTES + 1)


@pytest.fixture
def world(app, sites):
    return make_world(sites)


def events() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Event.id))) or 0


def assert_json_413(response, *, words: str) -> None:
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"message", "fields"}
    assert words in error["message"], error["message"]


def test_the_api_refuses_a_ten_megabyte_description(client, world):
    body = seminar_body(world, description={"en": "x" * 10_000_000})
    response = client.post("/api/v1/events", json=body, headers=world["headers"]["admin"])
    assert_json_413(response, words="too large")
    assert events() == 0


def test_the_api_says_so_in_french(client, world):
    body = seminar_body(world, description={"fr": TOO_LONG})
    headers = {**world["headers"]["admin"], "Accept-Language": "fr"}
    response = client.post("/api/v1/events", json=body, headers=headers)
    assert_json_413(response, words="trop volumineuse")
    assert "octets" in response.get_json()["error"]["message"]


def chunked(client, world, body: dict):
    # Chunked transfer: no Content-Length to refuse up front (gunicorn marks the input ended).
    return client.post(
        "/api/v1/events",
        input_stream=io.BytesIO(json.dumps(body).encode()),
        content_type="application/json",
        headers={**world["headers"]["admin"], "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_body_without_a_declared_length_is_refused_too(client, world):
    # Werkzeug alone cuts such a body at the limit without a word: a 400 for broken JSON.
    response = chunked(client, world, seminar_body(world, description={"en": TOO_LONG}))
    assert_json_413(response, words="too large")
    assert events() == 0
    response = chunked(client, world, seminar_body(world, description={"en": "short"}))
    assert response.status_code == 201, response.get_data(as_text=True)


def test_the_limit_holds_before_authentication(client):
    # Nobody has to be let in for a large body to be refused: it is never read.
    response = client.post("/api/v1/events", data=TOO_LONG, content_type="application/json")
    assert_json_413(response, words="too large")


def test_a_normal_request_passes(client, world):
    body = seminar_body(world, description={"en": "y" * 20_000})
    response = client.post("/api/v1/events", json=body, headers=world["headers"]["admin"])
    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Too much sent at once"), ("fr", "Trop de données envoyées d’un coup")],
)
def test_a_page_answers_with_a_page_in_its_language(client, lang, heading):
    response = client.post(f"/{lang}/account/login", data={"email": TOO_LONG, "password": "p"})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{lang}">' in html


def test_the_limit_is_set_from_the_environment(app, client, monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTAPP_MAX_REQUEST_BYTES", "5000")
    assert load_config(str(tmp_path))["MAX_CONTENT_LENGTH"] == 5000
    app.config["MAX_CONTENT_LENGTH"] = 5000
    response = client.post("/api/v1/events", data="x" * 5001, content_type="application/json")
    assert_json_413(response, words="5,000 bytes")
    monkeypatch.setenv("EVENTAPP_MAX_REQUEST_BYTES", "0")  # no limit (a front server has one)
    assert load_config(str(tmp_path))["MAX_CONTENT_LENGTH"] is None
    monkeypatch.delenv("EVENTAPP_MAX_REQUEST_BYTES")
    assert load_config(str(tmp_path))["MAX_CONTENT_LENGTH"] == DEFAULT_MAX_REQUEST_BYTES
