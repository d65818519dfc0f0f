"""Guests' personal data is erased a configured time after their event; counts stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from eventapp.accounts.models import User
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.registrations import links
from eventapp.registrations.models import Registration

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: can never be a real address


def erased_address(reg_id: int) -> str:
    return f"guest-{reg_id}@{ERASED_DOMAIN}"


def purge_guest_data(*, now: datetime, days: int) -> int:
    """Anonymise guests of events that ended more than `days` days ago; returns how many.

    The registration rows stay (with their status, sessions and check-in) so that counts and
    history hold; their name, address and affiliation go, and so do the messages once sent to
    an address that no account uses.
    """
    cutoff = now - timedelta(days=days)
    regs = db.session.scalars(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.user_id.is_(None),
            Event.end_at < cutoff,
            ~Registration.email.like(f"%@{ERASED_DOMAIN}"),
        )
        .order_by(Registration.id)
    ).all()
    addresses = {reg.email for reg in regs}
    for reg in regs:
        reg.email, reg.name, reg.affiliation = erased_address(reg.id), "", None
        links.revoke(reg)
    db.session.flush()
    _forget_mail(addresses, cutoff)
    return len(regs)


def _forget_mail(addresses: set[str], cutoff: datetime) -> None:
    """Old messages to the erased guests' addresses (unless an account uses the address)."""
    if not addresses:
        return
    accounts = set(db.session.scalars(select(User.email).where(User.email.in_(addresses))))
    still_guest = set(
        db.session.scalars(select(Registration.email).where(Registration.email.in_(addresses)))
    )
    gone = sorted(addresses - accounts - still_guest)
    if gone:
        db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.recipient.in_(gone), OutboxMessage.created_at < cutoff
            )
        )
