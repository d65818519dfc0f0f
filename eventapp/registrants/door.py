"""What the door's page shows: who is expected and who arrived, and one page of the people found."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.registrants.queries import Page, RegistrantFilters, paged, registrants
from eventapp.registrations.models import Registration

PER_PAGE = 40


@dataclass(frozen=True)
class Counts:
    """Confirmed registrations (expected) and those of them checked in (arrived)."""

    expected: int
    arrived: int


def counts(event_id: int) -> Counts:
    """How many are expected at the event, and how many of them have arrived."""
    arrived = func.count(case((Registration.attended_at.is_not(None), Registration.id)))
    row = db.session.execute(
        select(func.count(Registration.id), arrived).where(
            Registration.event_id == event_id, Registration.status == "confirmed"
        )
    ).one()
    return Counts(expected=row[0], arrived=row[1])


def door_page(event_id: int, q: str = "", page: int = 1) -> Page:
    """The confirmed people in alphabetical order; with words to find, anyone who matches
    (the door person then sees why someone waiting or cancelled cannot be checked in)."""
    statuses = () if q.strip() else ("confirmed",)
    stmt = (
        registrants(event_id, RegistrantFilters(statuses=statuses, q=q))
        .options(selectinload(Registration.attended_by))
        .order_by(Registration.status != "confirmed", Registration.search_text, Registration.id)
    )
    return paged(stmt, page, PER_PAGE, clamp=True)
