"""Absolute links, for mail, feeds and the API: on the configured base URL, never the request's."""

from __future__ import annotations

from flask import current_app, url_for


def absolute(path: str) -> str:
    return current_app.config["EVENTAPP_BASE_URL"] + path


def absolute_url_for(endpoint: str, **values) -> str:
    return absolute(url_for(endpoint, **values))
