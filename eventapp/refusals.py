"""Domain errors at the edge: the HTTP status of each kind, and the answer when no view caught one.

Views that show a refusal on their own page (a form with its fields) call `status_of`; a
refusal no view catches becomes the contract's JSON under `/api/`, an error page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, render_template, request
from flask_babel import gettext as _

from eventapp.errors import Conflict, DomainError, NotAllowed, NotFound, Refused
from eventapp.extensions import db

STATUSES: dict[type[DomainError], int] = {
    Refused: 400,
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
}


def status_of(err: DomainError) -> int:
    """The status of the most specific kind `err` is (a subclass lists its kind first)."""
    for kind in type(err).__mro__:
        if kind in STATUSES:
            return STATUSES[kind]
    return 400


def _headings() -> dict[int, str]:
    return {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Not found."),
        409: _("This conflicts with the current state."),
    }


def page(err: DomainError):
    """An error page naming the refusal, with its status."""
    status = status_of(err)
    heading = _headings()[status]
    return render_template("errors/_error.html", heading=heading, message=err.message), status


def init_app(app: Flask, *, json_answer: Callable[[DomainError], object]) -> None:
    """Answer refusals no view caught: `json_answer` under `/api/`, an error page elsewhere."""

    def answer(err: DomainError):
        db.session.rollback()  # nothing of a refused request is kept (nor its queued mail)
        return json_answer(err) if request.path.startswith("/api/") else page(err)

    app.register_error_handler(DomainError, answer)
