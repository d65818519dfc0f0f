"""JSON errors in the contract's shape, with the message in the language of Accept-Language."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _


def generic_message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Authentication is required."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
    }
    return messages.get(status, _("Something went wrong on our side."))


def json_error(status: int, message: str | None = None, fields: dict[str, str] | None = None):
    """`{"error": {"message": ..., "fields": {...}}}` with `status`."""
    body = {"error": {"message": message or generic_message(status), "fields": fields or {}}}
    return jsonify(body), status
