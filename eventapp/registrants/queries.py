"""Who registered for an event, as its organisers look for them: by status, session and name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

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
