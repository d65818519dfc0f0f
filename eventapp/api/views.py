"""Read endpoints of the API and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eventapp import bounds, pagecache
from eventapp.accounts.models import User
from eventapp.api.auth import bearer_user
from eventapp.api.errors import json_error
from eventapp.api.openapi import (
    ID,
    OPTIONAL_BEARER,
    Operation,
    documented,
    openapi_document,
)
from eventapp.api.shapes.common import Error, Health
from eventapp.api.shapes.events import Event, EventList, EventQuery
from eventapp.api.validation import Invalid, answer, parse_query
from eventapp.events import queries
from eventapp.events.filters import parse_filters
from eventapp.events.models import STATUSES, EventSession
from eventapp.events.models import Event as EventRow
from eventapp.events.visibility import may_see
from eventapp.extensions import clock
from eventapp.urls import absolute

bp = Blueprint("api", __name__, url_prefix="/api/v1")

EVENT_ID = ("id", ID, "The event's id.")
INFO = {
    "title": "Entente CordIAle Events API",
    "version": "1",
    "description": (
        "Joint events of the Paris-Saclay – Oxford – Cambridge AI Initiative. Errors come as "
        "`Error` objects, their message in the language of `Accept-Language` (French or "
        "English)."
    ),
}


def path_id(raw: str) -> int | None:
    """The id in the path when it is one that can exist, else None."""
    ok = raw.isascii() and raw.isdigit() and 0 < int(raw) <= bounds.MAX_INT
    return int(raw) if ok else None


def visible(event: EventRow, user: User | None = None) -> bool:
    """Drafts are seen only by those who may edit them (with a bearer token on reading routes)."""
    if event.status in queries.VISIBLE:
        return True
    if user is None and request.headers.get("Authorization"):
        user = bearer_user()
    return may_see(user, event)


@bp.get("/events")
@documented(
    id="listEvents", query=EventQuery,
    summary="Published and cancelled events, filtered and paginated, in start order.",
    description="Without `from`, only events not yet over, unless `when` asks for past events "
    "(newest first) or all. A filter given twice means either value; a comma-separated value "
    "counts as several. Drafts are never listed.",
    answers={200: (EventList, "One page of events."), 400: "BadRequest"},
)  # fmt: skip
def list_events():
    filters, errors = parse_filters(request.args)
    try:
        query = parse_query(EventQuery, request.args)
    except Invalid as err:
        errors.update(err.fields)
    if errors:
        return json_error(400, _("Some filters are not valid."), errors)
    page, size, now = query.page, query.size(), clock.now()

    def find() -> tuple[list[int], int]:
        found = queries.find_page(
            filters, now=now, page=page, per_page=size, statuses=queries.VISIBLE, when=query.when
        )
        return list(found.items), found.total

    # Everyone's list (drafts are never in it): which events, kept per data version and the
    # next end of an event (as the list pages), then their JSON per the places they show.
    ids_key = pagecache.page_key("api-events", request.query_string, now=now)
    ids, total = pagecache.kept_ids(ids_key, find)
    found = queries.Page(items=ids, total=total, page=page, per_page=size)
    key = pagecache.subkey(ids_key, pagecache.places_state(ids, now))

    def build() -> bytes:
        result = queries.load_page(found, now=now, extra_options=[
            selectinload(EventRow.speakers),
            selectinload(EventRow.sessions).selectinload(EventSession.speakers),
        ])  # fmt: skip
        args = filters.as_args() | ({"when": query.when} if query.when != "upcoming" else {})
        next_url = next_page("api.list_events", args, page, size, result.total)
        items = [answer(Event, Event.of(e)) for e in result.items]
        return jsonify(items=items, total=result.total, next=next_url).get_data()

    return pagecache.answer(key, build, "application/json")


@bp.get("/events/<event_id>")
@documented(
    id="getEvent", path=(EVENT_ID,), security=OPTIONAL_BEARER,
    summary="One published or cancelled event, or a draft for those who may edit it.",
    description="A draft is 404 unless a bearer token of someone who may edit it.",
    answers={200: (Event, "The event."), 404: "NotFound"},
)  # fmt: skip
def get_event(event_id: str):
    number = path_id(event_id)
    event = queries.get_event(number, statuses=STATUSES) if number else None
    if event is None or not visible(event):
        return json_error(404, _("There is no event with this id."))
    return jsonify(answer(Event, Event.of(event)))


@bp.get("/openapi.json")
@documented(
    id="getOpenAPI", summary="This document.",
    answers={200: ({"type": "object"}, "The OpenAPI 3.1 document.")},
)  # fmt: skip
def openapi() -> Response:
    return jsonify(openapi_document(current_app, ELSEWHERE, INFO, Error))


def next_page(endpoint: str, args: dict, page: int, per_page: int, total: int) -> str | None:
    """The absolute link to the next page (None on the last), with filters, non-default size."""
    if page * per_page >= total:
        return None
    args = dict(args, page=page + 1)
    if per_page != current_app.config["API_PER_PAGE"]:
        args["per_page"] = per_page
    return absolute(url_for(endpoint, **args))


ELSEWHERE = {
    "healthz": Operation(
        id="health", summary="Whether the service can reach its database.",
        answers={200: (Health, "The database is reachable."),
                 503: (Health, "The database is not reachable.")},
    ),
}  # fmt: skip
