"""An event's history as people read it: who, when, and each change from old to new."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from eventapp import dates
from eventapp.events.history import EventChange
from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.reference.models import Series, Site, Venue
from eventapp.workspace.convert import KIND_LABELS, LANGUAGE_LABELS

ACTIONS = {
    "created": _l("Created"),
    "updated": _l("Edited"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
    "moved": _l("Moved"),
    "relocated": _l("Venue changed"),
    "cancelled": _l("Cancelled"),
    "session": _l("Timetable changed"),
    "cohost_accepted": _l("Co-hosting accepted"),
    "cohost_declined": _l("Co-hosting declined"),
    "imported": _l("Imported from its source"),
    "restored": _l("Restored"),
    "detached": _l("Detached from its source"),
}
FIELDS = {
    "kind": _l("Type"), "language": _l("Given in"), "site_id": _l("Site"),
    "venue_id": _l("Venue"), "series_id": _l("Series"), "online_url": _l("Online link"),
    "all_day": _l("All-day event"), "start_at": _l("Start"), "end_at": _l("End"),
    "times": _l("Times"), "title_fr": _l("Title in French"), "title_en": _l("Title in English"),
    "summary_fr": _l("Summary in French"), "summary_en": _l("Summary in English"),
    "description_fr": _l("Description in French"),
    "description_en": _l("Description in English"), "capacity": _l("Capacity"),
    "registration_opens_at": _l("Registration opens"),
    "registration_closes_at": _l("Registration closes"), "status": _l("Status"),
    "copied_from": _l("Copied from event"), "session": _l("Session"),
    "organisation": _l("Organisation"), "source": _l("Source"),
}  # fmt: skip
STATUSES = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}
REFERENCES = {"site_id": Site, "venue_id": Venue, "series_id": Series, "session": EventSession}


@dataclass
class Line:
    """One field's change, both values as text (None where there was none)."""

    label: str
    old: str | None
    new: str | None


@dataclass
class Entry:
    """One line of the history: `who` is None when the platform made the change."""

    who: str | None
    at: datetime
    action: str
    lines: list[Line] = field(default_factory=list)


def _names(changes: list[EventChange], lang: str) -> dict:
    """The names of the sites, venues, series and sessions the changes refer to, by id."""
    wanted: dict[str, set[int]] = {name: set() for name in REFERENCES}
    for change in changes:
        for name, values in change.changes.items():
            if name in REFERENCES:
                wanted[name] |= {int(v) for v in values if v is not None}
    found = {}
    for name, model in REFERENCES.items():
        ids = wanted[name]
        rows = db.session.scalars(select(model).where(model.id.in_(ids))).all() if ids else []
        text = "title" if model in (Series, EventSession) else "name"
        found[name] = {row.id: row.localised(text, lang).text for row in rows}
    return found


def _value(name: str, value, tz: str, lang: str, names: dict) -> str | None:
    if value is None:
        return None
    if name in REFERENCES:
        return names[name].get(int(value), f"#{value}")
    if name == "times":
        start, end = (datetime.fromisoformat(v) for v in value)
        return dates.span(start, end, tz, lang)
    if name.endswith("_at"):
        return dates.day_time(datetime.fromisoformat(value), tz, lang)
    labels = {"kind": KIND_LABELS, "language": LANGUAGE_LABELS, "status": STATUSES}
    if name in labels:
        return str(labels[name].get(value, value))
    if name == "all_day":
        return str(_l("yes") if value in ("True", True) else _l("no"))
    return str(value)


def _message(changes: dict, lang: str) -> str:
    """A message to the registrants: its subject (in `lang` if written) and its count."""
    subjects = [changes[f"subject_{code}"][1] for code in (lang, "fr", "en")
                if f"subject_{code}" in changes]  # fmt: skip
    count = int((changes.get("queued") or [None, 0])[1] or 0)
    return ngettext(
        "Message “%(subject)s” sent to %(num)d person",
        "Message “%(subject)s” sent to %(num)d people",
        count,
        subject=subjects[0] if subjects else "",
    )


def entries(changes: list[EventChange], event: Event, lang: str) -> list[Entry]:
    """The history lines of `event`, in the order given, ready to show."""
    names = _names(changes, lang)
    tz = event.site.timezone
    made = []
    for change in changes:
        who = (change.user.name or change.user.email) if change.user else None
        if change.action == "message":
            made.append(Entry(who, change.at, _message(change.changes, lang)))
            continue
        lines = [
            Line(
                str(FIELDS.get(name, name)),
                _value(name, values[0], tz, lang, names),
                _value(name, values[1], tz, lang, names),
            )
            for name, values in change.changes.items()
        ]
        made.append(Entry(who, change.at, str(ACTIONS.get(change.action, change.action)), lines))
    return made
