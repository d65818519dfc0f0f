"""JSON errors in the contract's shape, with the message in the language of Accept-Language."""

from __future__ import annotations

from flask import Response, current_app, has_request_context, jsonify, request
from flask_babel import format_number
from flask_babel import gettext as _
from werkzeug.exceptions import MethodNotAllowed, default_exceptions

from eventapp.api.validation import api_name
from eventapp.errors import DomainError
from eventapp.refusals import status_of


def generic_message(status: int) -> str:
    """The translated message for an HTTP status when nothing more precise is known."""
    messages = {
        400: _("The request is not valid."),
        401: _("Authentication is required."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
        413: _too_large(),
    }
    return messages.get(status, _("Something went wrong on our side."))


def _too_large() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return _("The request is too large.")
    return _("The request is too large: at most %(limit)s bytes are accepted.",
             limit=format_number(limit))  # fmt: skip


def json_error(
    status: int, message: str | None = None, fields: dict[str, str] | None = None
) -> tuple[Response, int, dict[str, str]]:
    """`{"error": {"message": ..., "fields": {...}}}` with `status`."""
    if message is None or _is_stock_description(status, message):
        message = generic_message(status)
    body = {"error": {"message": message, "fields": fields or {}}}
    return jsonify(body), status, _allow_header(status)


def _is_stock_description(status: int, message: str) -> bool:
    # Werkzeug's own descriptions (routing 404 and 405) exist only in English.
    stock = default_exceptions.get(status)
    return stock is not None and message == stock.description


def _allow_header(status: int) -> dict[str, str]:
    # A 405 must say which methods the URL does take (RFC 9110, 15.5.6).
    if status != 405 or not has_request_context():
        return {}
    routing = request.routing_exception
    if isinstance(routing, MethodNotAllowed) and routing.valid_methods:
        return {"Allow": ", ".join(sorted(routing.valid_methods))}
    return {}


def domain_json(err: DomainError) -> tuple[Response, int, dict[str, str]]:
    """A refusal in the contract's shape, with the status of its kind and the API's field names
    (the app answers so any refusal no API view caught)."""
    fields = {api_name(name): str(text) for name, text in err.fields.items()}
    return json_error(status_of(err), str(err.message), fields)
