"""Read endpoints of the API and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from eventapp.api.errors import json_error
from eventapp.api.openapi import openapi_document
from eventapp.api.serialize import event_json
from eventapp.api.writing import visible
from eventapp.events import queries
from eventapp.events.filters import EventFilters, parse_filters, parse_page
from eventapp.events.models import STATUSES, Event, EventSession
from eventapp.extensions import clock
from eventapp.urls import absolute

bp = Blueprint("api", __name__, url_prefix="/api/v1")

API_STATUSES = ("published", "cancelled")
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger ones cannot exist


@bp.get("/events")
def list_events():
    filters, errors = parse_filters(request.args)
    page, per_page = _pagination(request.args, errors)
    if errors:
        return json_error(400, _("Some filters are not valid."), errors)
    result = queries.list_events(
        filters, now=clock.now(), page=page, per_page=per_page, statuses=API_STATUSES,
        extra_options=[
            selectinload(Event.speakers),
            selectinload(Event.sessions).selectinload(EventSession.speakers),
        ],
    )  # fmt: skip
    next_url = _next_url(filters, page + 1, per_page) if result.has_next else None
    return jsonify(items=[event_json(e) for e in result.items], total=result.total, next=next_url)


@bp.get("/events/<event_id>")
def get_event(event_id: str):
    number = _event_number(event_id)
    event = queries.get_event(number, statuses=STATUSES) if number else None
    if event is None or not visible(event):
        return json_error(404, _("There is no event with this id."))
    return jsonify(event_json(event))


@bp.get("/openapi.json")
def openapi() -> Response:
    document = openapi_document(
        per_page=current_app.config["API_PER_PAGE"], max_per_page=MAX_PER_PAGE
    )
    return jsonify(document)


def _pagination(args: MultiDict, errors: dict[str, str]) -> tuple[int, int]:
    """`page` and `per_page` from the query; a refused one is noted in `errors`."""
    raw_page = args.get("page", "")
    # str.isdigit() accepts '²', which int() refuses: only ASCII reaches parse_page.
    page, page_error = parse_page(raw_page if raw_page.isascii() else "-")
    if page_error:
        errors["page"] = page_error
    per_page = current_app.config["API_PER_PAGE"]
    raw = args.get("per_page", "").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PER_PAGE:
            per_page = int(raw)
        else:
            errors["per_page"] = _("Give a whole number from 1 to %(n)d.", n=MAX_PER_PAGE)
    return page, per_page


def _next_url(filters: EventFilters, page: int, per_page: int) -> str:
    """The absolute link to `page`, carrying the filters and a non-default page size."""
    args: dict = dict(filters.as_args(), page=page)
    if per_page != current_app.config["API_PER_PAGE"]:
        args["per_page"] = per_page
    return absolute(url_for("api.list_events", **args))


def _event_number(raw: str) -> int | None:
    """The id in the path when it is one that can exist, else None."""
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None
