"""What the services need from the app, read once from its configuration and passed in.

Views, commands and signal senders hand `settings_of(app)` to the services (`settings=`), as they
hand them the clock's `now`: below the edge nothing reads `current_app` or `g`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app
from jinja2 import Environment

_KEY = "eventapp.settings"


@dataclass(frozen=True)
class Settings:
    """The app's base URL, UID domain, secret, mail sender, and the templates mail is made of."""

    base_url: str
    uid_domain: str | None
    secret_key: str
    mail_sender: str
    templates: Environment = field(compare=False, repr=False)

    def absolute(self, path: str) -> str:
        """`path` on the configured base URL, never the request's: commands send mail too."""
        return self.base_url + path


def settings_of(app: Flask) -> Settings:
    """The app's settings, built on first use and kept with the app."""
    found = app.extensions.get(_KEY)
    if found is None:
        found = app.extensions[_KEY] = _read(app)
    return found


def current_settings() -> Settings:
    """The running app's settings: for the edge (views, commands), never for the services."""
    return settings_of(current_app)


def _read(app: Flask) -> Settings:
    cfg = app.config
    return Settings(
        base_url=cfg["EVENTAPP_BASE_URL"],
        uid_domain=cfg.get("EVENTAPP_UID_DOMAIN"),
        secret_key=cfg["SECRET_KEY"],
        mail_sender=cfg["MAIL_DEFAULT_SENDER"],
        templates=app.jinja_env,
    )
