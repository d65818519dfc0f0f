"""Read endpoints of the API and its OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eventapp.api.errors import json_error
from eventapp.api.openapi import openapi_document
from eventapp.api.serialize import absolute, event_json
from eventapp.db import utcnow
from eventapp.events import queries
from eventapp.events.filters import parse_filters, parse_page
from eventapp.events.models import Event, EventSession

bp = Blueprint("api", __name__, url_prefix="/api/v1")


API_STATUSES = ("published", "cancelled")
MAX_PER_PAGE = 100


@bp.get("/events")
def list_events():
    filters, errors = parse_filters(request.args)
    page, page_error = parse_page(request.args.get("page"))
    if page_error:
        errors["page"] = page_error
    per_page, per_page_error = parse_page(request.args.get("per_page"))
    if request.args.get("per_page") is None:
        per_page = current_app.config["API_PER_PAGE"]
    elif per_page_error or per_page > MAX_PER_PAGE:
        errors["per_page"] = _("Give a whole number from 1 to %(n)d.", n=MAX_PER_PAGE)
    if errors:
        return json_error(400, _("Some filters are not valid."), errors)
    result = queries.list_events(
        filters, now=utcnow(), page=page, per_page=per_page, statuses=API_STATUSES,
        extra_options=[
            selectinload(Event.sessions).selectinload(EventSession.speakers),
        ],
    )  # fmt: skip
    next_url = None
    if result.has_next:
        args = dict(filters.as_args(), page=page + 1)
        if request.args.get("per_page") is not None:
            args["per_page"] = per_page
        next_url = absolute(url_for("api.list_events", **args))
    return jsonify(items=[event_json(e) for e in result.items], total=result.total, next=next_url)


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    event = queries.get_event(event_id, statuses=API_STATUSES)
    if event is None:
        return json_error(404, _("There is no event with this id."))
    return jsonify(event_json(event))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
