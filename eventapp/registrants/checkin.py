"""Checking people in at the door: a confirmed registration marked arrived, or the mark undone.

Several organisers check people in at once, from phones. Each mark is one conditional UPDATE,
never a read then a write of the row: of two marks of the same person the first is kept (its time
and organiser), a mark and an undo at once end in one state, and the history line is written only
by the request whose UPDATE changed the row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update

from eventapp.accounts.models import User
from eventapp.errors import Conflict, NotFound
from eventapp.extensions import db
from eventapp.registrations.models import Registration, RegistrationChange

ATTENDED, NOT_ATTENDED = "attended", "not-attended"


def check_in(
    registration_id: int,
    *,
    event_id: int,
    attended: bool,
    by: User,
    now: datetime,
    pause: Callable[[], None] | None = None,
) -> Registration:
    """Mark the registration arrived (`attended`) or undo the mark; a repeat changes nothing.

    Raises NotFound unless the registration is one of the event's, Conflict unless it is
    confirmed. `pause` runs between the read and the write: a test uses it to force races.
    """
    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.event_id != event_id:
        raise NotFound(_("This person is not registered for this event."))
    _refuse_unless_confirmed(reg)
    if pause is not None:
        pause()
    changed = _mark(reg.id, by, now) if attended else _unmark(reg.id)
    db.session.refresh(reg)  # the row as the database holds it now, whoever wrote it
    _refuse_unless_confirmed(reg)
    if changed:
        what = ATTENDED if attended else NOT_ATTENDED
        db.session.add(RegistrationChange(registration_id=reg.id, at=now, what=what, by_id=by.id))
        db.session.flush()
    return reg


def _mark(registration_id: int, by: User, now: datetime) -> bool:
    """Mark the person arrived unless someone did already; True when this call marked them."""
    return _update(registration_id, Registration.attended_at.is_(None), now, by.id)


def _unmark(registration_id: int) -> bool:
    """Take the mark away if there is one; True when this call took it."""
    return _update(registration_id, Registration.attended_at.is_not(None), None, None)


def _update(registration_id: int, unless_done, at: datetime | None, by_id: int | None) -> bool:
    """One conditional UPDATE of a confirmed registration's mark; True when it changed the row."""
    stmt = (
        update(Registration)
        .where(Registration.id == registration_id, Registration.status == "confirmed")
        .where(unless_done)
        .values(attended_at=at, attended_by_id=by_id)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount == 1


def _refuse_unless_confirmed(reg: Registration) -> None:
    why = why_not(reg)
    if why is not None:
        raise Conflict(why)


def why_not(reg: Registration) -> str | None:
    """Why the person cannot be checked in (None when they can: a confirmed registration)."""
    if reg.status == "confirmed":
        return None
    name = reg.name or reg.email
    if reg.status == "waiting":
        why = _(
            "%(name)s is on the waiting list: only confirmed registrations can be checked in.",
            name=name,
        )
    elif reg.status == "pending":
        why = _(
            "%(name)s has not confirmed their registration yet: only confirmed registrations "
            "can be checked in.",
            name=name,
        )
    else:
        why = _(
            "%(name)s cancelled their registration: only confirmed registrations can be "
            "checked in.",
            name=name,
        )
    return why
