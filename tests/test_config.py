"""The production configuration refuses to start with what would weaken it (create_app raises)."""

from __future__ import annotations

import base64
import random
import secrets
import uuid

import pytest

from eventapp import create_app
from eventapp.config import ConfigError, load_config, weak_secret

GOOD_KEY = secrets.token_urlsafe(48)


@pytest.fixture
def production(monkeypatch, database_url):
    """A complete production environment; each test takes one thing away."""
    for name, value in {
        "EVENTAPP_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "MAIL_SERVER": "smtp.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "DATABASE_URL": database_url,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("EVENTAPP_SINGLE_PROCESS", "EVENTAPP_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_complete_production_environment_starts(production):
    app = create_app()
    assert app.config["EVENTAPP_ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "a-short-but-unique-key-1234567",  # 30 bytes
        "a" * 64,
        "ab" * 32,
        "0123456789" * 4,
        "my-key-is-a-key-is-a-key-is-a-key-is-a-key",
        "changeme-to-a-real-key-before-deploying-it",
        "django-insecure-k2#9v!q8z@w5x7c3b1n6m4j0h-lp",
        "Xq7-secret-R2m9Lp0vTz8Kw3Nb6Yc1Hd5Fg4Js",
    ],
)
def test_a_short_or_patterned_secret_key_is_refused(production, key):
    production.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


# Keys as the usual generators make them, from a seeded generator so that a run is repeatable.
_rng = random.Random(20261207)
_bytes = _rng.randbytes


@pytest.mark.parametrize(
    "make",
    [
        lambda: _bytes(16).hex(),
        lambda: _bytes(32).hex(),
        lambda: base64.urlsafe_b64encode(_bytes(32)).decode().rstrip("="),
        lambda: str(uuid.UUID(bytes=_bytes(16), version=4)),
        lambda: "".join(_rng.choice("0123456789") for _ in range(40)),
    ],
    ids=["token_hex(16)", "token_hex(32)", "token_urlsafe(32)", "uuid4", "40 digits"],
)
def test_random_keys_of_32_bytes_or_more_are_taken(make):
    for _ in range(5000):
        key = make()
        assert weak_secret(key) is None, key


def test_the_check_reads_the_final_configuration(production):
    # A key given to create_app is checked as one from the environment is.
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": "t"})


def test_development_takes_any_key(monkeypatch, database_url):
    monkeypatch.delenv("EVENTAPP_ENV", raising=False)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["EVENTAPP_ENV"] == "development"


def test_production_without_a_mail_server_is_refused(production):
    # Else each confirmation and reset link would be written to the log.
    production.delenv("MAIL_SERVER")
    with pytest.raises(ConfigError, match="MAIL_SERVER"):
        create_app()


def test_production_without_a_shared_store_is_refused(production):
    # Else n processes would each allow the whole rate limit: n times the limit in all.
    production.delenv("REDIS_URL")
    with pytest.raises(ConfigError, match="REDIS_URL.*EVENTAPP_SINGLE_PROCESS"):
        create_app()


def test_a_single_process_may_say_so_instead(production):
    production.delenv("REDIS_URL")
    production.setenv("EVENTAPP_SINGLE_PROCESS", "1")
    app = create_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize("name", ["EVENTAPP_TRUSTED_PROXIES", "EVENTAPP_MAX_REQUEST_BYTES"])
@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_malformed_number_is_refused_with_its_name(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path))
