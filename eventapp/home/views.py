"""`/`, `/healthz`, the `<lang>` path segment, and error pages in the page's language."""

from __future__ import annotations

from flask import (
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from eventapp.extensions import db
from eventapp.i18n import LANG_COOKIE, LANGUAGES, preferred_language, select_locale

ONE_YEAR = 365 * 24 * 3600


def index():
    return redirect(url_for("events.home", lang=preferred_language()))


def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database is what this reports
        db.session.rollback()
        return jsonify(status="unavailable", database=False), 503
    return jsonify(status="ok", database=True)


def favicon():
    """Browsers ask for /favicon.ico whatever the page says; pages also name the SVG icon."""
    return send_from_directory(
        current_app.static_folder,
        "img/favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=ONE_YEAR // 12,
    )


def _pull_lang(endpoint, values) -> None:
    if values is None or "lang" not in values:
        return
    lang = values.pop("lang")
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang


def _add_lang(endpoint: str, values: dict) -> None:
    lang = getattr(g, "lang", None) or select_locale()
    if (
        "lang" not in values
        and lang
        and current_app.url_map.is_endpoint_expecting(endpoint, "lang")
    ):
        values["lang"] = lang


def _remember_lang(response):
    lang = getattr(g, "lang", None)
    if request.path.startswith(("/feeds/", "/api/")):
        # Shared, cacheable answers depend on no cookie: Flask-Login peeks at the session after
        # every request, which would add `Vary: Cookie` and make caches keep a copy per user.
        session.accessed = False
        return response
    if lang and request.cookies.get(LANG_COOKIE) != lang and response.status_code < 400:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def _error(err: HTTPException):
    if request.path.startswith("/api/"):
        from eventapp.api.errors import json_error

        return json_error(err.code or 500)
    if request.path.startswith("/feeds/"):
        return err.description, err.code, {"Content-Type": "text/plain; charset=utf-8"}
    code = err.code if err.code in (400, 403, 404, 405, 413, 429) else 500
    return render_template(f"errors/{code}.html"), err.code


def init_app(app: Flask) -> None:
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_add_lang)
    app.after_request(_remember_lang)
    app.register_error_handler(HTTPException, _error)
