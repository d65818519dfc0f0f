"""Erasing a person: their account, or one registration from the link in a guest's mail.

Registrations for events still to come are cancelled through the registrations' own path, so
their places go to the first person waiting at once, with the usual mail. Every registration is
then anonymised as the guests' purge does (registrations/privacy.py): the rows stay, so counts
and attendance figures hold, but no name, address or affiliation. The mail to the address goes
from the outbox, and one last message confirms the erasure; it is marked `forget_when_sent`, so
delivering it erases its recipient and text too (mail/delivery.py).

Rows that name the account as the actor (event_changes.user_id, registrations.attended_by_id,
registration_changes.by_id, event_messages.user_id) are SET NULL by their foreign keys, which
SQLite enforces here too (PRAGMA foreign_keys in db.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

from eventapp.accounts.admins import is_last_admin
from eventapp.accounts.models import User
from eventapp.errors import Conflict, NotAllowed
from eventapp.extensions import db
from eventapp.follows.services import forget_person
from eventapp.mail.models import OutboxMessage
from eventapp.personal import mails
from eventapp.registrations import links, services
from eventapp.registrations.mine import made_with
from eventapp.registrations.models import Registration
from eventapp.registrations.privacy import ERASED_DOMAIN, erased_address
from eventapp.settings import Settings


class LastAdmin(Conflict):
    """The only administrator cannot go: nobody could manage the platform after them."""


class WrongPassword(NotAllowed):
    """The password typed again to confirm is not the account's."""

    def __init__(self) -> None:
        message = _l("This is not your password.")
        super().__init__(message, {"password": message})


@dataclass(frozen=True)
class Erased:
    """What an erasure did: the registrations cancelled (their places passed on) and kept."""

    cancelled: int
    anonymised: int


def check_can_go(user: User, *, pause: Callable[[], None] | None = None) -> None:
    """Refuse to erase the last administrator (organisers and other admins may go). The count
    holds the admins' lock until the erasure commits (accounts/admins.py); `pause` lets a test
    force the race."""
    if user.role == "admin" and is_last_admin(user, pause=pause):
        raise LastAdmin(
            _l(
                "You are the only administrator: make someone else an administrator "
                "before deleting your account."
            )
        )


def confirm_password(user: User, password: str) -> None:
    """Refuse unless `password` is the account's: deleting asks for it again."""
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        raise WrongPassword()


def erase_account(
    user: User, *, now: datetime, settings: Settings, pause: Callable[[], None] | None = None
) -> Erased:
    """Delete the account, its tokens, feed and follows; cancel what is to come; anonymise the
    rest."""
    check_can_go(user, pause=pause)
    address, language = user.email.lower(), user.language
    regs = db.session.scalars(
        select(Registration).where(made_with(user)).order_by(Registration.id)
    ).all()
    cancelled = _erase_registrations(regs, now, settings)
    forget_person(user.id)  # what they follow, and which events they were told of
    db.session.delete(user)  # tokens go with it (cascade); organisations' links by foreign key
    db.session.flush()
    _forget_mail(address)
    mails.erasure_confirmed(address, language, cancelled, account=True, now=now, settings=settings)
    return Erased(len(cancelled), len(regs))


def erase_registration(reg: Registration, *, now: datetime, settings: Settings) -> Erased:
    """Erase one registration from its link: cancelled if to come, then anonymised.

    The mail to the address goes too, unless an account or another registration still uses it
    (that mail belongs to them); the messages this erasure itself queued go in any case.
    """
    address, language = reg.email.lower(), reg.language
    first_new = _next_outbox_id()
    cancelled = _erase_registrations([reg], now, settings)
    if _address_in_use(address):
        _forget_mail(address, since_id=first_new)
    else:
        _forget_mail(address)
    mails.erasure_confirmed(address, language, cancelled, account=False, now=now, settings=settings)
    return Erased(len(cancelled), 1)


def is_erased(reg: Registration) -> bool:
    return reg.email.endswith(f"@{ERASED_DOMAIN}")


def _erase_registrations(
    regs: Iterable[Registration], now: datetime, settings: Settings
) -> list[Registration]:
    """Cancel the registrations still to come; anonymise all. Returns those cancelled."""
    cancelled = []
    for reg in regs:
        event = reg.event
        if reg.status != "cancelled" and event.end_at > now and not event.is_cancelled:
            services.cancel(reg, now=now, settings=settings)
            cancelled.append(reg)
    for reg in regs:
        reg.email, reg.name, reg.affiliation = erased_address(reg.id), "", None
        reg.user = None
        links.revoke(reg)  # the mails' links, the last one's included, open nothing now
    db.session.flush()
    return cancelled


def _address_in_use(address: str) -> bool:
    account = db.session.scalar(select(User.id).where(User.email == address))
    other = db.session.scalar(select(Registration.id).where(Registration.email == address))
    return account is not None or other is not None


def _next_outbox_id() -> int:
    return (db.session.scalar(select(func.max(OutboxMessage.id))) or 0) + 1


def _forget_mail(address: str, since_id: int = 0) -> None:
    db.session.execute(
        delete(OutboxMessage)
        .where(func.lower(OutboxMessage.recipient) == address, OutboxMessage.id >= since_id)
        .execution_options(synchronize_session="fetch")  # no stale row left in the session
    )
