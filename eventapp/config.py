"""Configuration read from the environment (see contract.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
            raise RuntimeError("SECRET_KEY must be set when EVENTAPP_ENV=production")
        secret = _secret_key(instance)
    base_url = env.get("EVENTAPP_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'eventapp.sqlite'}"
    return {
        "SECRET_KEY": secret,
        "EVENTAPP_ENV": "production" if production else "development",
        "SQLALCHEMY_DATABASE_URI": database_url,
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
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "EVENTS_PER_PAGE": 20,
        "API_PER_PAGE": 50,
    }
