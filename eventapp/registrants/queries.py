"""Who registered for an event, as its organisers look for them: by status, session and name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.registrations.models import STATUSES, Registration, RegistrationSession
from eventapp.text import has_every_word


@dataclass(frozen=True)
class RegistrantFilters:
    """What the list shows: some statuses (all when empty), one session, words of a name/address."""

    statuses: Sequence[str] = ()
    session_id: int | None = None
    q: str = ""


def registrants(event_id: int, filters: RegistrantFilters = RegistrantFilters()) -> Select:
    """The event's registrations that match `filters` (unordered: callers choose the order)."""
    stmt = select(Registration).where(Registration.event_id == event_id)
    statuses = [s for s in filters.statuses if s in STATUSES]
    if statuses:
        stmt = stmt.where(Registration.status.in_(statuses))
    if filters.session_id is not None:
        chosen = select(RegistrationSession.registration_id).where(
            RegistrationSession.session_id == filters.session_id
        )
        stmt = stmt.where(Registration.id.in_(chosen))
    return stmt.where(has_every_word(Registration.search_text, filters.q))


@dataclass(frozen=True)
class Page:
    """One page of an event's registrations, and how many match in all."""

    items: list[Registration]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paged(stmt: Select, page: int, per_page: int, *, clamp: bool = False) -> Page:
    """One page of an ordered statement's rows and their count; with `clamp`, a page past the
    last is the last (pages), not an empty one (the API says so with `next`)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    found = Page([], total or 0, page, per_page)
    if clamp:
        found = Page([], found.total, min(max(page, 1), found.pages), per_page)
    items = db.session.scalars(stmt.limit(per_page).offset((found.page - 1) * per_page))
    return Page(list(items), found.total, found.page, per_page)


def page_of(
    event_id: int, filters: RegistrantFilters, page: int, per_page: int, *, clamp: bool = False
) -> Page:
    """The matching registrations in the order they came, with their sessions and checker."""
    stmt = ordered(registrants(event_id, filters)).options(
        selectinload(Registration.sessions), selectinload(Registration.attended_by)
    )
    return paged(stmt, page, per_page, clamp=clamp)


def every(event_id: int, filters: RegistrantFilters) -> list[Registration]:
    """All the matching registrations in the order they came (for the CSV)."""
    stmt = ordered(registrants(event_id, filters)).options(
        selectinload(Registration.sessions), selectinload(Registration.attended_by)
    )
    return list(db.session.scalars(stmt))


def ordered(stmt: Select) -> Select:
    return stmt.order_by(Registration.created_at, Registration.id)


def status_counts(event_id: int) -> dict[str, int]:
    """How many registrations the event has in each status (every status named, 0 or more)."""
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    )
    return {status: 0 for status in STATUSES} | {status: n for status, n in rows}


def session_counts(event_id: int) -> dict[int, dict[str, int]]:
    """Per session of the event: how many chose it, confirmed and waiting."""
    rows = db.session.execute(
        select(RegistrationSession.session_id, RegistrationSession.status, func.count())
        .join(Registration, Registration.id == RegistrationSession.registration_id)
        .where(Registration.event_id == event_id, Registration.status != "cancelled")
        .group_by(RegistrationSession.session_id, RegistrationSession.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, n in rows:
        counts.setdefault(session_id, {"confirmed": 0, "waiting": 0})[status] = n
    return counts


def waiting_positions(event_id: int) -> dict[int, int]:
    """Each waiting registration's place in the queue (1 is next), by registration id; the
    order of `notify.position`, in one query for the whole list."""
    ids = db.session.scalars(
        select(Registration.id)
        .where(Registration.event_id == event_id, Registration.status == "waiting")
        .order_by(Registration.queue_number, Registration.id)
    )
    return {reg_id: n for n, reg_id in enumerate(ids, start=1)}
