"""The list filters shared by the pages, the feeds and the API, parsed from a query string."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from eventapp import bounds
from eventapp.events.models import KINDS
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Series, Site, Topic

SLUG_FILTERS = {"site": Site, "topic": Topic, "series": Series, "organisation": Organisation}
MAX_QUERY_LENGTH = 200


@dataclass
class EventFilters:
    """What the reader asked for; empty lists mean "any"."""

    site: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    # Set by a speaker's page, never read from a query string: its pages name the speaker.
    speaker: list[int] = field(default_factory=list)
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any(self.as_args().values())

    def as_args(self) -> dict[str, list[str] | str]:
        """The filters as query arguments, to carry them through links and pagination."""
        args: dict[str, list[str] | str] = {
            "site": self.site,
            "type": self.type,
            "topic": self.topic,
            "series": self.series,
            "organisation": self.organisation,
            "q": self.q,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in args.items() if v}


def parse_filters(args: MultiDict) -> tuple[EventFilters, dict[str, str]]:
    """Parse the filters; returns the valid ones and a message for each refused argument."""
    filters = EventFilters()
    errors: dict[str, str] = {}
    for name, model in SLUG_FILTERS.items():
        values = _distinct(args.getlist(name))
        if not values:
            continue
        slugs = [v for v in values if re.fullmatch(bounds.SLUG_PATTERN, v)]  # never NUL, say
        known = set(db.session.scalars(select(model.slug).where(model.slug.in_(slugs))))
        unknown = [v for v in values if v not in known]
        if unknown:
            errors[name] = _("Unknown value: %(values)s", values=", ".join(unknown))
        setattr(filters, name, [v for v in values if v in known])
    kinds = _distinct(args.getlist("type"))
    bad_kinds = [k for k in kinds if k not in KINDS]
    if bad_kinds:
        errors["type"] = _("Unknown value: %(values)s", values=", ".join(bad_kinds))
    filters.type = [k for k in kinds if k in KINDS]
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = _("The search text is too long (at most %(n)d characters).", n=200)
    elif bounds.nul_error(q):
        errors["q"] = str(bounds.nul_error(q))
    else:
        filters.q = q
    for arg, attr in (("from", "date_from"), ("to", "date_to")):
        raw = args.get(arg, "").strip()
        if not raw:
            continue
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            errors[arg] = _("Not a date: give it as YYYY-MM-DD.")
            continue
        if bounds.year_error(day):
            errors[arg] = str(bounds.year_error(day))
        else:
            setattr(filters, attr, day)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        errors["to"] = _("This date is before the start date.")
        filters.date_to = None
    return filters, errors


def parse_page(raw: str | None) -> tuple[int, str | None]:
    """The page number, or 1 and a message when it is not a positive whole number."""
    if raw is None or raw == "":
        return 1, None
    if raw.isascii() and raw.isdigit() and 0 < int(raw) < 1_000_000:
        return int(raw), None
    return 1, _("The page number must be a whole number from 1.")


def _distinct(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return list(seen)
