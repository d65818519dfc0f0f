"""Configuration read from the environment (see contract.md)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

# One request's body at most (forms and JSON alike); larger ones get a 413 before any view.
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
MIN_SECRET_BYTES = 32
# Words of the placeholders people paste from examples; none is likely in a random key.
_PLACEHOLDERS = ("secret", "changeme", "change-me", "password", "example", "insecure")


class ConfigError(RuntimeError):
    """A setting the app refuses to start with (production only, except for malformed values)."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigError(f"{name} must be a whole number of 0 or more, not {raw!r}")
    return value


def _secret_key(instance_path: Path) -> str:
    """The development secret key, generated once and kept in the instance folder."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_config(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    env = os.environ
    instance = Path(instance_path)
    production = env.get("EVENTAPP_ENV", "development") == "production"
    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError("SECRET_KEY must be set when EVENTAPP_ENV=production")
        secret = _secret_key(instance)
    base_url = env.get("EVENTAPP_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'eventapp.sqlite'}"
    return {
        "SECRET_KEY": secret,
        "EVENTAPP_ENV": "production" if production else "development",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A pooled connection is checked before each use and replaced if the server dropped it
        # (PostgreSQL restarted while the app was idle): otherwise every worker's first request
        # after a restart fails. The check looks at the socket (no round trip), and pings only a
        # connection idle in the pool for longer than this (eventapp/pooling.py).
        "DB_PING_IDLE_SECONDS": float(env.get("EVENTAPP_DB_PING_IDLE_SECONDS", "5")),
        "EVENTAPP_BASE_URL": base_url,
        "EVENTAPP_UID_DOMAIN": env.get("EVENTAPP_UID_DOMAIN") or urlsplit(base_url).hostname,
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "events@localhost"),
        # Who people write to about their data (the privacy page); the sender when unset.
        "PRIVACY_CONTACT": env.get("EVENTAPP_PRIVACY_CONTACT")
        or env.get("MAIL_DEFAULT_SENDER", "events@localhost"),
        "REDIS_URL": env.get("REDIS_URL"),
        # Shared by every process when REDIS_URL is set; per process otherwise.
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        # Production without REDIS_URL only when this says one process serves the site.
        "SINGLE_PROCESS": _bool(env.get("EVENTAPP_SINGLE_PROCESS")),
        # Reverse proxies in front of the app that append to X-Forwarded-For (0: none trusted).
        "TRUSTED_PROXIES": _count(env, "EVENTAPP_TRUSTED_PROXIES", 0),
        # 0 lifts the limit (Flask's None).
        "MAX_CONTENT_LENGTH": _count(env, "EVENTAPP_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)
        or None,
        "RATELIMIT_HEADERS_ENABLED": True,
        "AUTH_RATE_LIMIT": env.get("EVENTAPP_AUTH_RATE_LIMIT", "10 per minute; 60 per hour"),
        # Guest registrations: per IP, and per e-mail address typed in the form.
        "GUEST_RATE_LIMIT": env.get("EVENTAPP_GUEST_RATE_LIMIT", "10 per minute; 60 per hour"),
        "GUEST_ADDRESS_RATE_LIMIT": env.get(
            "EVENTAPP_GUEST_ADDRESS_RATE_LIMIT", "5 per 10 minutes; 20 per day"
        ),
        # A guest's place is held this long before the address is confirmed, and unconfirmed
        # guests together hold at most this share of an event's places (rounded up, at least 1).
        "GUEST_HOLD_MINUTES": int(env.get("EVENTAPP_GUEST_HOLD_MINUTES", "30")),
        "GUEST_HOLD_SHARE": float(env.get("EVENTAPP_GUEST_HOLD_SHARE", "0.5")),
        "GUEST_DATA_DAYS": int(env.get("EVENTAPP_GUEST_DATA_DAYS", "30")),
        # A feed request builds at most this many events' stale blocks itself (after a deploy
        # or an import); beyond, it stores one such chunk and answers 503: the worker builds them.
        "FEED_INLINE_BUILD": int(env.get("EVENTAPP_FEED_INLINE_BUILD", "300")),
        # Registration mail is rendered by the worker that sends it (false: the request renders
        # nothing and writes once; the mail goes out as soon, the worker sending it in any
        # case), or right after the commit by the process that committed (true).
        "MAIL_RENDER_AFTER_COMMIT": _bool(env.get("EVENTAPP_MAIL_RENDER_AFTER_COMMIT"), False),
        # Imported calendars: how long a feed may take to come, and how big it may be.
        # (IMPORTS_ALLOW_HTTP_LOCALHOST, plain http to this machine, is for the tests only and
        # has no environment variable.)
        "IMPORTS_TIMEOUT_SECONDS": float(env.get("EVENTAPP_IMPORTS_TIMEOUT_SECONDS", "20")),
        "IMPORTS_MAX_BYTES": _count(env, "EVENTAPP_IMPORTS_MAX_BYTES", 10 * 1024 * 1024),
        # Whether feeds may be fetched from private, loopback, link-local… addresses (a feed
        # on the organisation's intranet); off, such an address is refused (SSRF).
        "IMPORTS_ALLOW_PRIVATE": _bool(env.get("EVENTAPP_IMPORTS_ALLOW_PRIVATE")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # A signed-in browser unseen this long is logged out (its server-side session is dead).
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(env.get("EVENTAPP_SESSION_DAYS", "14"))),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "EVENTS_PER_PAGE": 20,
        "API_PER_PAGE": 50,
    }


def check_production(config: Mapping) -> None:
    """Refuse to start in production on what would weaken it: a guessable secret, mail (with
    its links) written to the log, rate limits counted by each process alone."""
    if config.get("EVENTAPP_ENV") != "production":
        return
    problem = weak_secret(str(config.get("SECRET_KEY") or ""))
    if problem:
        raise ConfigError(
            f"SECRET_KEY {problem}; make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'"
        )
    if not config.get("MAIL_SERVER"):
        raise ConfigError(
            "MAIL_SERVER must be set when EVENTAPP_ENV=production: without it every mail, "
            "with its confirmation and reset links, is written to the log"
        )
    if not config.get("REDIS_URL") and not config.get("SINGLE_PROCESS"):
        raise ConfigError(
            "REDIS_URL must be set when EVENTAPP_ENV=production, so that all app processes "
            "count rate limits together; if one single process serves the site, say so with "
            "EVENTAPP_SINGLE_PROCESS=1"
        )


def weak_secret(key: str) -> str | None:
    """Why `key` is no secret key for production (too short or obviously not random), or None."""
    if len(key.encode()) < MIN_SECRET_BYTES:
        return f"must be at least {MIN_SECRET_BYTES} bytes long"
    lowered = key.lower()
    if any(word in lowered for word in _PLACEHOLDERS):
        return "looks like a placeholder, not a random value"
    # A random key hardly repeats a run of three characters (over 100,000 keys of 32 random
    # digits, at least 76% of the triples were distinct); a pattern typed by hand does.
    triples = [key[i : i + 3] for i in range(len(key) - 2)]
    if len(set(triples)) < 0.7 * len(triples):
        return "repeats itself: it is not random"
    return None
