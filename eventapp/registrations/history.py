"""Kept at every flush, whatever code changed a registration.

- `search_text` is the folded name and address, so organisers' search is blind to case and accents.
- Each new status is a line in the registration's history (`RegistrationChange`), so a person's
  data export can show how their place went, without every service remembering to write it.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from eventapp.extensions import clock
from eventapp.registrations.models import Registration, RegistrationChange
from eventapp.text import fold


def search_text(reg: Registration) -> str:
    return fold(f"{reg.name or ''} {reg.email or ''}")[:600]


def _moment(reg: Registration):
    """The service's own clock when it stamped the row, else the app clock."""
    stamped = inspect(reg).attrs.updated_at.history.has_changes() and reg.updated_at
    return stamped or clock.now()


@event.listens_for(Session, "before_flush")
def _keep_invariants(session: Session, flush_context, instances) -> None:
    for reg in [*session.new, *session.dirty]:
        if not isinstance(reg, Registration):
            continue
        state, new = inspect(reg), reg in session.new
        if new or _changed(state, "name", "email"):
            reg.search_text = search_text(reg)
        if (new or _changed(state, "status")) and reg.status:
            session.add(RegistrationChange(registration=reg, at=_moment(reg), what=reg.status))


def _changed(state, *names: str) -> bool:
    return any(state.attrs[name].history.has_changes() for name in names)
