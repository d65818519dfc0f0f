"""The registrants' list as the workspace and the API serve it: filters read from a query
string, and the CSV answer both give (so their bytes are the same)."""

from __future__ import annotations

from flask import Response
from werkzeug.datastructures import MultiDict

from eventapp import bounds
from eventapp.events.models import Event
from eventapp.registrants import queries
from eventapp.registrants.export import file_name, registrants_csv
from eventapp.registrants.queries import RegistrantFilters
from eventapp.registrations.models import STATUSES

PER_PAGE = 50


def filters_from(args: MultiDict, event: Event) -> RegistrantFilters:
    """The page's filters; what makes no sense (an unknown status, another event's session) is
    left out rather than refused, as a list page does."""
    statuses = tuple(s for s in STATUSES if s in args.getlist("status"))
    raw = args.get("session", "")
    ids = {s.id for s in event.sessions}
    session_id = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in ids else None
    return RegistrantFilters(statuses, session_id, bounds.search_words(args.get("q")))


def page_number(args: MultiDict) -> int:
    raw = args.get("page", "1")
    return min(int(raw), bounds.MAX_PAGE) if raw.isascii() and raw.isdigit() and raw != "0" else 1


def as_args(filters: RegistrantFilters) -> dict:
    """The filters as query arguments, for the links that keep them (pages, the CSV)."""
    args: dict = {"status": list(filters.statuses), "session": filters.session_id, "q": filters.q}
    return {name: value for name, value in args.items() if value}


def csv_response(event: Event, filters: RegistrantFilters, lang: str) -> Response:
    """The download: every matching registration, in `lang`."""
    regs = queries.every(event.id, filters)
    data = registrants_csv(event, regs, queries.waiting_positions(event.id), lang)
    disposition = f'attachment; filename="{file_name(event, lang)}"'
    return Response(
        data, content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition, "Cache-Control": "private, no-store"},
    )  # fmt: skip
