"""New instants for an event's move or copy, from wall times typed in its site's zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from eventapp.events.checks import order_error, wall_instant
from eventapp.events.localtime import local_midnight, wall_time, whole_days
from eventapp.events.models import Event

REQUIRED = _l("This field is required.")


def _given(form, names: tuple[str, ...], errors: dict) -> bool:
    for name in names:
        if form[name].data is None and not form[name].errors:
            errors[name.removesuffix("_day")] = REQUIRED
    return not errors


def new_times(form, event: Event, errors: dict, warnings: list) -> tuple[datetime, datetime] | None:
    """The start and end a move form asks for; refusals go into `errors` by field."""
    tz = event.site.timezone
    if event.all_day:
        if not _given(form, ("start_day", "end_day"), errors):
            return None
        if problem := order_error(form.start_day.data, form.end_day.data, days=True):
            errors["end"] = problem
            return None
        return whole_days(form.start_day.data, form.end_day.data, tz)
    if not _given(form, ("start", "end"), errors):
        return None
    start_at = wall_instant(form.start.data, tz, "start", errors, warnings)
    end_at = wall_instant(form.end.data, tz, "end", errors, warnings)
    if start_at and end_at and (problem := order_error(start_at, end_at)):
        errors["end"] = problem
    return None if errors else (start_at, end_at)


def copy_start(form, event: Event, errors: dict, warnings: list) -> datetime | None:
    """When a copy of the event starts, from the duplicate form."""
    tz = event.site.timezone
    if event.all_day:
        if not _given(form, ("start_day",), errors):
            return None
        return local_midnight(form.start_day.data, tz)
    if not _given(form, ("start",), errors):
        return None
    return wall_instant(form.start.data, tz, "start", errors, warnings)


def current_times(event: Event) -> dict:
    """The event's times as the move form shows them."""
    tz = event.site.timezone
    return {
        "start": wall_time(event.start_at, tz),
        "end": wall_time(event.end_at, tz),
        "start_day": event.first_day,
        "end_day": event.last_day,
    }


def next_week(event: Event) -> dict:
    """The copy's default start: the same local time a week later."""
    tz = event.site.timezone
    return {
        "start": wall_time(event.start_at, tz) + timedelta(days=7),
        "start_day": event.first_day + timedelta(days=7),
    }
