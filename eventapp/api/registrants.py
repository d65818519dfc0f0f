"""An event's registrants through the API, for its hosts and admins: the list, and its CSV with
the same bytes as the workspace's download."""

from __future__ import annotations

from flask import Response, jsonify, request

from eventapp.api.auth import token_required
from eventapp.api.openapi import Media, documented
from eventapp.api.shapes.registrants import (
    Registrant,
    RegistrantCsvQuery,
    RegistrantList,
    RegistrantQuery,
)
from eventapp.api.validation import answer, parse_query
from eventapp.api.views import EVENT_ID, bp, next_page
from eventapp.api.writing import editable_event
from eventapp.extensions import db
from eventapp.registrants import queries
from eventapp.registrants.listing import csv_response

WHO = "For the event's hosts and admins (403 for anyone else)."
REFUSED = {400: "BadRequest", 403: "Forbidden", 404: "NotFound"}
CSV = Media("text/csv", {"type": "string"})
CSV_TEXT = (
    "UTF-8 with a byte-order mark; `;` between cells in French, `,` in English; a header row in "
    "the file's language; times in the event's zone as `2027-03-26 14:00`; a cell that begins "
    "with `=`, `+`, `-`, `@`, a tab or a carriage return starts with `'` (no formula runs). "
    "`Content-Disposition` names the file `registrations-<event slug>-<lang>.csv`."
)


@bp.get("/events/<event_id>/registrations")
@documented(
    id="listRegistrants", path=(EVENT_ID,), query=RegistrantQuery,
    summary="The event's registrations, filtered and paginated, in the order they came.",
    description=WHO, answers={200: (RegistrantList, "One page of registrations."), **REFUSED},
)  # fmt: skip
@token_required
def list_registrants(event_id: str):
    event = editable_event(event_id)
    query = parse_query(RegistrantQuery, request.args)
    page, size = query.page, query.size()
    found = queries.page_of(event.id, query.filters(), page, size)
    positions = queries.waiting_positions(event.id)
    items = [answer(Registrant, Registrant.of(reg, positions)) for reg in found.items]
    args = {"event_id": event_id, **query.as_args()}
    next_url = next_page("api.list_registrants", args, page, size, found.total)
    db.session.commit()  # keeps the token's last use
    return jsonify(items=items, total=found.total, next=next_url)


@bp.get("/events/<event_id>/registrations.csv")
@documented(
    id="registrantsCsv", path=(EVENT_ID,), query=RegistrantCsvQuery,
    summary="Every matching registration as a CSV file, as the workspace downloads it.",
    description=f"{WHO} {CSV_TEXT}", answers={200: (CSV, "The file."), **REFUSED},
)  # fmt: skip
@token_required
def registrants_csv(event_id: str) -> Response:
    event = editable_event(event_id)
    query = parse_query(RegistrantCsvQuery, request.args)
    response = csv_response(event, query.filters(), query.lang)
    db.session.commit()  # keeps the token's last use
    return response
