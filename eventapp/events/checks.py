"""The checks behind event and session input: each refusal is a message tied to its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from eventapp.bounds import MAX_ROOM, MAX_TITLE, MAX_URL, is_web_url  # noqa: F401  (re-exported)
from eventapp.events.errors import InvalidInput
from eventapp.events.localtime import NonexistentTime, resolve, whole_days
from eventapp.events.models import DELIVERY_LANGUAGES, KINDS, Event
from eventapp.events.visibility import may_see
from eventapp.extensions import db


class LocalDay:
    """A day named in a message, formatted in whatever language the message is shown in."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __str__(self) -> str:
        return format_date(self.day, "full")


__all__ = ["InvalidInput"]  # re-exported: the API's input module raises it from here


def order_error(start: datetime | date, end: datetime | date, *, days: bool = False):
    """The one rule for times, wherever they are typed or sent: the end comes after the start;
    for whole days (given as days), the last day is not before the first. The refusal, or None."""
    if days:
        return _l("The last day cannot be before the first.") if end < start else None
    return _l("The end must come after the start.") if end <= start else None


def scalar_errors(data) -> dict:
    """What is wrong with the input's own values, before looking anything up."""
    errors: dict = {}
    if data.kind not in KINDS:
        errors["kind"] = _l("Choose a type.")
    if data.language not in DELIVERY_LANGUAGES:
        errors["language"] = _l("Choose a language.")
    if not (data.title_fr or "").strip() and not (data.title_en or "").strip():
        errors["title"] = _l("Give a title in French or in English (or both).")
    for lang in ("fr", "en"):
        if len((getattr(data, f"title_{lang}") or "").strip()) > MAX_TITLE:
            errors[f"title_{lang}"] = _l("At most %(n)d characters.", n=MAX_TITLE)
    if data.capacity is not None and data.capacity < 0:
        errors["capacity"] = _l("The capacity cannot be negative.")
    return errors


def check_links(data, venue, errors: dict, *, need_place: bool = True) -> None:
    """The online link's shape and, unless `need_place` is False (an imported calendar's event
    may name a place no venue matches), a venue or an online link."""
    if data.online_url and not is_web_url(data.online_url):
        errors["online_url"] = _l("Give an address starting with https:// or http://.")
    elif len((data.online_url or "").strip()) > MAX_URL:
        errors["online_url"] = _l("At most %(n)d characters.", n=MAX_URL)
    if need_place and venue is None and not data.venue_id and not data.online_url:
        errors["venue"] = _l("Choose a venue, or give the online link of an online event.")


def _instant(value, tz: str, name: str, errors: dict, warnings: list) -> datetime | None:
    try:
        resolved = resolve(value, tz)
    except NonexistentTime:
        errors[name] = _l(
            "This time does not exist on %(day)s: the clocks go forward that night.",
            day=LocalDay(value.date()),
        )
        return None
    if resolved.ambiguous:
        warnings.append(
            _l("%(time)s occurs twice on %(day)s (the clocks go back): we took the first one.",
               time=f"{value:%H:%M}", day=LocalDay(value.date()))
        )  # fmt: skip
    return resolved.instant


def resolve_times(data, tz: str | None, errors: dict) -> tuple[dict, list]:
    """The event's instants from its wall times in `tz`, with warnings for repeated times."""
    warnings: list = []
    if tz is None:
        return {}, warnings
    if data.start is None:
        errors["start"] = _l("Give the start.")
    if data.end is None:
        errors["end"] = _l("Give the end.")
    if data.start is None or data.end is None:
        return {}, warnings
    if data.all_day:
        first, last = _day(data.start), _day(data.end)
        if problem := order_error(first, last, days=True):
            errors["end"] = problem
            return {}, warnings
        start_at, end_at = whole_days(first, last, tz)
    else:
        start_at = _instant(data.start, tz, "start", errors, warnings)
        end_at = _instant(data.end, tz, "end", errors, warnings)
        if start_at and end_at and (problem := order_error(start_at, end_at)):
            errors["end"] = problem
    opens = closes = None
    if data.registration_opens is not None:
        opens = _instant(data.registration_opens, tz, "registration_opens", errors, warnings)
    if data.registration_closes is not None:
        closes = _instant(data.registration_closes, tz, "registration_closes", errors, warnings)
    if opens and closes and closes <= opens:
        errors["registration_closes"] = _l("Registration must close after it opens.")
    if closes and end_at and closes > end_at:
        errors["registration_closes"] = _l("Registration cannot close after the event ends.")
    times = {
        "start_at": start_at, "end_at": end_at,
        "registration_opens_at": opens, "registration_closes_at": closes,
    }  # fmt: skip
    return times, warnings


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def overlap_warnings(event: Event, actor: Any) -> list:
    """Another event at the same venue at the same time is worth a warning, not a refusal. Its
    title is named only when `actor` may see that event: another organisation's draft is
    secret, so then the warning only says that the venue is taken."""
    if event.venue_id is None:
        return []
    clashes = db.session.scalars(
        select(Event)
        .where(
            Event.venue_id == event.venue_id,
            Event.id != event.id,
            Event.status != "cancelled",
            and_(Event.start_at < event.end_at, Event.end_at > event.start_at),
        )
        .order_by(Event.start_at, Event.id)
    ).all()
    if not clashes:
        return []
    seen = next((clash for clash in clashes if may_see(actor, clash)), None)
    if seen is None:
        return [_l("Another event uses this venue at the same time.")]
    title = seen.localised("title", "en").text
    return [_l("Another event uses this venue at the same time: %(title)s.", title=title)]


def wall_instant(value: datetime, tz: str, name: str, errors: dict, warnings: list):
    """A wall time's instant in `tz`: a skipped time is an error on `name`, a repeated one said."""
    return _instant(value, tz, name, errors, warnings)
