"""Registering, confirming, cancelling and promoting: every change of places happens here.

Each function takes the write lock for the event (locking.py) before it counts, so capacity is
never exceeded whatever arrives at once. Services flush; the caller commits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.errors import Conflict, Refused
from eventapp.events.models import Event, EventSession
from eventapp.extensions import db
from eventapp.mail.services import later_message
from eventapp.registrations import links, notify
from eventapp.registrations.addresses import normalised
from eventapp.registrations.locking import lock_places, locked_event
from eventapp.registrations.models import Registration, RegistrationSession
from eventapp.registrations.places import (
    Tally,
    held_unconfirmed,
    next_in_queue,
    taken,
    taken_by_session,
    tally,
)
from eventapp.registrations.writing import write_new
from eventapp.settings import Settings

# Before confirming their address, guests hold a place only briefly, and all of them together
# only a share of the places (rounded up, at least one): invented addresses cannot fill an event.
DEFAULT_HOLD = timedelta(minutes=30)
DEFAULT_HOLD_SHARE = 0.5


class RegistrationError(Conflict):
    """A registration the event does not allow now; `message` is translatable."""


class InvalidChoice(Refused, RegistrationError):
    """Sessions that cannot be chosen together (or are not the event's): about `sessions`."""

    def __init__(self, message: Any) -> None:
        super().__init__(message, {"sessions": message})


@dataclass(frozen=True)
class Attendee:
    """Who registers: an account, or a guest known by name and address."""

    email: str
    name: str
    language: str = "en"
    affiliation: str | None = None
    user: User | None = None

    @classmethod
    def of(cls, user: User) -> Attendee:
        return cls(user.email, user.name, user.language, user.affiliation, user)


def check_open(event: Event, now: datetime) -> None:
    """Refuse when the event takes no registration at `now`."""
    if event.status != "published" or not event.registration_enabled:
        raise RegistrationError(_l("This event does not take registrations."))
    if event.end_at <= now:
        raise RegistrationError(_l("This event is over."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationError(_l("Registration has not opened yet."))
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationError(_l("Registration is closed."))


def chosen_sessions(event: Event, session_ids: Iterable[int]) -> list[EventSession]:
    """The sessions asked for, which must belong to the event and not overlap."""
    wanted = set(session_ids)
    if not wanted:
        return []  # the event's sessions are not even read
    chosen = sorted((s for s in event.sessions if s.id in wanted), key=lambda s: s.id)
    if len(chosen) != len(wanted):
        raise InvalidChoice(_l("Some chosen sessions are not part of this event."))
    by_time = sorted(chosen, key=lambda s: s.start_at)
    for first, second in zip(by_time, by_time[1:], strict=False):
        if second.start_at < first.end_at:
            raise InvalidChoice(_l("Two of the chosen sessions take place at the same time."))
    return chosen


def event_to_register(event_id: int, statuses: Sequence[str]) -> Event | None:
    """The event to register for, read once its write lock is held, by the statement that takes
    it on PostgreSQL (None: no event `event_id` with one of `statuses`); `register_outcome` then
    neither locks nor reads it again."""
    return locked_event(db.session, event_id, statuses)


def find(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.email == email.strip().lower()
        )
    )


@dataclass(frozen=True)
class Outcome:
    """What registering did: the registration, whether it was made (or made anew) now, and
    its waiting position when known without asking (None: confirmed, pending, or not known)."""

    registration: Registration
    new: bool
    position: int | None = None


def register(event: Event, who: Attendee, **options: Any) -> Registration:
    """Register `who` (see `register_outcome`, which tells more): the registration."""
    return register_outcome(event, who, **options).registration


def register_outcome(
    event: Event,
    who: Attendee,
    *,
    now: datetime,
    settings: Settings,
    session_ids: Iterable[int] = (),
    guest: bool = False,
    hold: timedelta = DEFAULT_HOLD,
    hold_share: float = DEFAULT_HOLD_SHARE,
    pause: Callable[[], None] | None = None,
) -> Outcome:
    """Register `who`: confirmed, waiting, or (a guest) pending until the e-mail is confirmed.

    Registering again returns the existing registration unchanged, unless it was cancelled, or
    unless an account registers over a guest's unconfirmed one made with its address: the account
    proves the address, so it takes that registration over. A guest holds a place for `hold` only
    while unconfirmed guests hold fewer than their share of the places (`hold_share`), and one
    hold per address (`normalised`). `pause` runs between the count and the write: a test uses
    it to force the race.
    """
    check_open(event, now)
    chosen = chosen_sessions(event, session_ids)
    lock_places(db.session, event.id, [s.id for s in chosen], read=event)  # capacity as committed
    counted = tally(event.id, who.email, now)
    existing = _registration(counted.existing)
    if existing is not None and not starts_anew(existing, guest):
        return Outcome(existing, new=False)
    if existing is not None:
        links.revoke(existing)  # its old links never open the new registration
        existing.hold_until = None
        db.session.flush()  # a hold being taken over no longer counts: counted again
        free, number = _free_after_promotion(event, now, settings), None
    else:
        free, number = _free_as_counted(event, counted, now, settings)
    if guest and free and event.capacity is not None:
        free = _may_hold(event, who.email, now, hold_share)
    if pause is not None:
        pause()
    reg = existing or _new(event, who)
    reg.user = who.user
    reg.name, reg.affiliation, reg.language = who.name.strip(), who.affiliation, who.language
    reg.created_at, reg.updated_at, reg.cancelled_at = reg.created_at or now, now, None
    reg.consent_at = now if guest else None
    if guest:
        reg.status, reg.hold_until = "pending", (now + hold if free else None)
    else:
        _place(reg, free, now, number)
    # Queued after this one: everyone waiting that the count saw, when nobody was promoted.
    place = counted.waiting + 1 if reg.status == "waiting" and number is not None else None
    if existing is None and not chosen and (reg.status != "waiting" or place is not None):
        _write_new(reg, now, settings, place)  # the common case, in the fewest round trips
        return Outcome(reg, new=True, position=place)
    if existing is None:
        db.session.add(reg)
    reg.sessions = [RegistrationSession(session_id=s.id, status="waiting") for s in chosen]
    sequence = notify.invitation_sequence(reg)  # written by the insert: no update after it
    db.session.flush()
    _settle_sessions(reg, now)
    notify.registered(reg, now=now, settings=settings, place=place, sequence=sequence)
    return Outcome(reg, new=True, position=place)


def _new(event: Event, who: Attendee) -> Registration:
    """A new registration, every column but its id set (writing.py reads them all); its
    invitations start at the column's first SEQUENCE."""
    return Registration(
        event=event, event_id=event.id, email=who.email.strip().lower(), invite_sequence=-1,
        user_id=who.user.id if who.user else None, hold_until=None, confirmed_at=None,
        waiting_since=None, queue_number=None, attended_at=None, attended_by_id=None,
    )  # fmt: skip


def _write_new(reg: Registration, now: datetime, settings: Settings, place: int | None) -> None:
    """Write a new registration with no session chosen, its history and its mail, with no
    flush and nothing read (writing.py)."""
    reg.sessions = []
    sequence = notify.invitation_sequence(reg)
    spec = notify.registered_spec(reg, place=place, sequence=sequence)
    message = later_message(reg.email, notify.KIND, reg.language, "", now=now, settings=settings)
    write_new(reg, message, spec)


def _registration(registration_id: int | None) -> Registration | None:
    """The registration as committed (another request may have changed it since it was read)."""
    if registration_id is None:
        return None
    return db.session.get(Registration, registration_id, populate_existing=True)


def _free_as_counted(
    event: Event, counted: Tally, now: datetime, settings: Settings
) -> tuple[bool, int | None]:
    """Whether a place is left for a new registration once the people waiting got theirs, and
    (when nobody was promoted) the queue number it takes if it waits: no second count."""
    promoted = _promote(event, now, settings, counted.taken) if counted.waiting else []
    free = event.capacity is None or counted.taken + len(promoted) < event.capacity
    return free, (None if promoted else counted.last_number + 1)


def starts_anew(existing: Registration, guest: bool) -> bool:
    """Whether registering again replaces `existing` rather than showing it."""
    return existing.status == "cancelled" or (not guest and existing.status == "pending")


def hold_places(capacity: int, share: float) -> int:
    """How many places unconfirmed guests may hold together."""
    return max(1, math.ceil(capacity * share))


def _may_hold(event: Event, email: str, now: datetime, share: float) -> bool:
    """Whether a new unconfirmed guest may hold one of the free places."""
    held = held_unconfirmed(event.id, now)
    if event.capacity is not None and len(held) >= hold_places(event.capacity, share):
        return False
    return normalised(email) not in {normalised(a) for a in held}


def _place(reg: Registration, free: bool, now: datetime, number: int | None = None) -> None:
    """Confirm `reg`, or put it at the end of the queue (the caller holds the lock); `number`:
    its queue number if already counted."""
    reg.hold_until = None
    if free:
        reg.status, reg.confirmed_at, reg.waiting_since = "confirmed", now, None
        reg.queue_number = None
    else:
        number = number or next_in_queue(reg.event_id)
        reg.status, reg.waiting_since, reg.queue_number = "waiting", now, number


def confirm_guest(reg: Registration, *, now: datetime, settings: Settings) -> Registration:
    """A guest confirmed the address: their held place is theirs, or they join the queue."""
    if reg.status != "pending":
        return reg
    event = reg.event
    lock_places(db.session, event.id, [c.session_id for c in reg.sessions])
    db.session.refresh(reg)
    if reg.status != "pending":
        return reg
    held = reg.hold_until is not None and reg.hold_until > now
    reg.hold_until = None
    db.session.flush()  # the expired hold no longer counts while we count
    if not held:
        # Without a place held, the people already waiting come first: a late confirmation
        # gets a place only if one is left after them, else it joins the end of the queue.
        db.session.refresh(event)
    free = held or _free_after_promotion(event, now, settings)
    _place(reg, free, now)
    reg.updated_at = now
    db.session.flush()
    _settle_sessions(reg, now)
    notify.registered(reg, now=now, settings=settings, unheld=not held)
    return reg


def cancel(reg: Registration, *, now: datetime, settings: Settings) -> Registration:
    """Give the place (or the queue position) back; the first person waiting gets it."""
    event = reg.event
    lock_places(db.session, event.id, [c.session_id for c in reg.sessions])
    _reread(reg)
    if reg.status == "cancelled":
        return reg
    was_confirmed = reg.status == "confirmed"
    reg.status, reg.cancelled_at, reg.updated_at = "cancelled", now, now
    reg.hold_until = reg.waiting_since = reg.queue_number = None
    freed = [c.session_id for c in reg.sessions]
    reg.sessions = []
    db.session.flush()
    notify.cancelled(reg, now=now, settings=settings, had_place=was_confirmed)
    _promote(event, now, settings)
    _promote_sessions(event, freed, now)
    return reg


def _reread(reg: Registration) -> None:
    """Read `reg` and its chosen sessions again, as committed: since they were read, another
    request may have cancelled, promoted or changed them (call under the lock, then act)."""
    db.session.refresh(reg)
    for choice in reg.sessions:
        db.session.refresh(choice)


def change_sessions(reg: Registration, session_ids: Iterable[int], *, now: datetime) -> None:
    """Replace the chosen sessions; each new one is confirmed or waiting on its own."""
    event = reg.event
    chosen = chosen_sessions(event, session_ids)
    ids = {s.id for s in chosen}
    lock_places(db.session, event.id, sorted(ids | {c.session_id for c in reg.sessions}))
    _reread(reg)
    if reg.status == "cancelled":
        raise RegistrationError(_l("This registration is cancelled."))
    old = {c.session_id for c in reg.sessions}
    reg.sessions = [c for c in reg.sessions if c.session_id in ids] + [
        RegistrationSession(session_id=i, status="waiting") for i in sorted(ids - old)
    ]
    reg.updated_at = now
    db.session.flush()
    _settle_sessions(reg, now)
    _promote_sessions(event, sorted(old - ids), now)


def promote(event: Event, *, now: datetime, settings: Settings) -> list[Registration]:
    """Give free places (after a cancellation, an expired hold or a larger capacity) away."""
    lock_places(db.session, event.id, [s.id for s in event.sessions])
    db.session.refresh(event)
    promoted = _promote(event, now, settings)
    _promote_sessions(event, [s.id for s in event.sessions], now)
    return promoted


def _free_after_promotion(event: Event, now: datetime, settings: Settings) -> bool:
    """Whether a place is left once the people waiting got theirs (one count for both)."""
    used = None if event.capacity is None else taken(event.id, now)
    promoted = _promote(event, now, settings, used)
    return used is None or used + len(promoted) < event.capacity


def _promote(
    event: Event, now: datetime, settings: Settings, used: int | None = None
) -> list[Registration]:
    """Give free places to the people waiting, in order; `used`: the places taken, if counted."""
    if event.capacity is not None and used is None:
        used = taken(event.id, now)
    free = None if event.capacity is None else event.capacity - used
    if free is not None and free <= 0:
        return []
    query = (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "waiting")
        .order_by(Registration.queue_number, Registration.id)
        .execution_options(populate_existing=True)  # as committed, not as read before the lock
    )
    waiting = db.session.scalars(query if free is None else query.limit(free)).all()
    for reg in waiting:
        _place(reg, True, now)
        reg.updated_at = now
    db.session.flush()
    for reg in waiting:
        _settle_sessions(reg, now)
        notify.promoted(reg, now=now, settings=settings)
    return list(waiting)


def _settle_sessions(reg: Registration, now: datetime) -> None:
    """Confirm each chosen session that has room; the rest wait (all wait while the event does)."""
    if reg.status != "confirmed" or not reg.sessions:
        return
    capacities = {s.id: s.capacity for s in reg.event.sessions}
    for choice in sorted(reg.sessions, key=lambda c: c.session_id):
        if choice.status == "confirmed":
            continue
        cap = capacities.get(choice.session_id)
        used = taken_by_session([choice.session_id], now).get(choice.session_id, 0)
        if cap is None or used < cap:
            choice.status, choice.waiting_since = "confirmed", None
        else:
            choice.waiting_since = choice.waiting_since or now
        db.session.flush()


def _promote_sessions(event: Event, session_ids: Iterable[int], now: datetime) -> None:
    capacities = {s.id: s.capacity for s in event.sessions}
    for session_id in sorted(set(session_ids)):
        cap = capacities.get(session_id)
        free = None if cap is None else cap - taken_by_session([session_id], now).get(session_id, 0)
        if free is not None and free <= 0:
            continue
        query = (
            select(RegistrationSession)
            .join(Registration)
            .where(
                RegistrationSession.session_id == session_id,
                RegistrationSession.status == "waiting",
                Registration.status == "confirmed",
            )
            .order_by(RegistrationSession.waiting_since, RegistrationSession.id)
        )
        for choice in db.session.scalars(query if free is None else query.limit(free)):
            choice.status, choice.waiting_since = "confirmed", None
    db.session.flush()
