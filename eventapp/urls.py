"""Absolute links, for mail, feeds and the API: on the configured base URL, never the request's."""

from __future__ import annotations

from flask import url_for

from eventapp.settings import Settings, current_settings


def absolute(path: str) -> str:
    """`path` on the running app's base URL: for the API's views, at the edge."""
    return current_settings().absolute(path)


def absolute_url_for(settings: Settings, endpoint: str, **values) -> str:
    return settings.absolute(url_for(endpoint, **values))
