"""Editing an event's timetable: add, change and remove sessions, inside the event's times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.events import history
from eventapp.events.checks import MAX_ROOM, MAX_TITLE, LocalDay, order_error
from eventapp.events.errors import EventError, InvalidInput, NotAllowed
from eventapp.events.localtime import NonexistentTime, resolve
from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.reference.models import Person


@dataclass
class SessionInput:
    """A session as typed or sent: wall times in the event's zone (or instants)."""

    title_fr: str | None = None
    title_en: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    room: str | None = None
    capacity: int | None = None
    speakers: list[int] = field(default_factory=list)


@dataclass
class SessionOutcome:
    session: EventSession
    warnings: list[str] = field(default_factory=list)


def _errors(data: SessionInput, event: Event) -> tuple[dict, dict]:
    errors: dict = {}
    if not (data.title_fr or "").strip() and not (data.title_en or "").strip():
        errors["title"] = _l("Give a title in French or in English (or both).")
    for lang in ("fr", "en"):
        if len((getattr(data, f"title_{lang}") or "").strip()) > MAX_TITLE:
            errors[f"title_{lang}"] = _l("At most %(n)d characters.", n=MAX_TITLE)
    if data.capacity is not None and data.capacity < 0:
        errors["capacity"] = _l("The capacity cannot be negative.")
    if len((data.room or "").strip()) > MAX_ROOM:
        errors["room"] = _l("At most %(n)d characters.", n=MAX_ROOM)
    times: dict = {}
    for name in ("start", "end"):
        value = getattr(data, name)
        if value is None:
            errors[name] = _l("Give the start.") if name == "start" else _l("Give the end.")
            continue
        try:
            times[name] = resolve(value, event.site.timezone).instant
        except NonexistentTime:
            errors[name] = _l(
                "This time does not exist on %(day)s: the clocks go forward that night.",
                day=LocalDay(value.date()),
            )
    if len(times) == 2:
        if problem := order_error(times["start"], times["end"]):
            errors["end"] = problem
        elif times["start"] < event.start_at or times["end"] > event.end_at:
            errors["start"] = _l("A session must take place within its event's times.")
    return errors, times


def _editable(event: Event, actor: User) -> None:
    if not may_host(actor, event.organisations):
        raise NotAllowed()
    if event.is_cancelled:
        raise EventError(_l("A cancelled event's timetable cannot be changed."))


def save_session(
    event: Event, session: EventSession | None, data: SessionInput, *, actor: User, now: datetime
) -> SessionOutcome:
    """Add (session None) or change one session of `event`; raises InvalidInput, NotAllowed or
    EventError (a cancelled event)."""
    _editable(event, actor)
    errors, times = _errors(data, event)
    speakers = db.session.scalars(select(Person).where(Person.id.in_(data.speakers))).all()
    if len(speakers) != len(set(data.speakers)):
        errors["speakers"] = _l(
            "Unknown value: %(values)s", values=", ".join(map(str, data.speakers))
        )
    if errors:
        raise InvalidInput(errors)
    order = {pid: i for i, pid in enumerate(data.speakers)}
    speakers = sorted(speakers, key=lambda p: order[p.id])
    values = {
        "title_fr": (data.title_fr or "").strip() or None,
        "title_en": (data.title_en or "").strip() or None,
        "start_at": times["start"], "end_at": times["end"],
        "room": (data.room or "").strip() or None, "capacity": data.capacity,
    }  # fmt: skip
    if session is not None and _unchanged(session, values, speakers):
        # Saved as it was read: no new LAST-MODIFIED in every calendar, no empty history line.
        return SessionOutcome(session, room_clashes(event, session))
    target = session or EventSession()
    if session is None:
        event.sessions.append(target)
    moved = session is not None and (session.start_at, session.end_at, session.room) != (
        values["start_at"],
        values["end_at"],
        values["room"],
    )
    # No flush half-way (loading the speakers would): the flush hook would count a second change.
    with db.session.no_autoflush:
        for name, value in values.items():
            setattr(target, name, value)
        target.speakers = speakers
        if moved:
            target.sequence = (target.sequence or 0) + 1
    target.updated_at = event.updated_at = now
    db.session.flush()
    before = session.id if session is not None else None
    history.record(event.id, actor, "session", {"session": [before, target.id]}, now=now)
    return SessionOutcome(target, room_clashes(event, target))


def _unchanged(session: EventSession, values: dict, speakers: list) -> bool:
    same = all(getattr(session, name) == value for name, value in values.items())
    return same and list(session.speakers) == speakers


def delete_session(event: Event, session: EventSession, *, actor: User, now: datetime) -> None:
    """Remove a session from the timetable (not a cancelled event's)."""
    _editable(event, actor)
    event.sessions.remove(session)
    event.updated_at = now
    db.session.flush()
    history.record(event.id, actor, "session", {"session": [session.id, None]}, now=now)


def room_clashes(event: Event, session: EventSession) -> list:
    """A warning when another session of the event uses the same room at the same time."""
    if not session.room:
        return []
    for other in event.sessions:
        if (
            other is not session
            and other.room == session.room
            and other.start_at < session.end_at
            and other.end_at > session.start_at
        ):
            title = other.localised("title", "en").text
            return [_l("Room %(room)s is also used by %(title)s at that time.",
                       room=session.room, title=title)]  # fmt: skip
    return []
