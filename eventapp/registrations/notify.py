"""What registrants are told, by mail through the outbox, with a calendar invitation attached.

Every invitation for an event carries a SEQUENCE higher than any the person received before
(kept in `invite_sequence`), or their calendar would ignore it.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.feeds.content import Site, cal_event
from eventapp.mail.services import queue_mail
from eventapp.registrations import links
from eventapp.registrations.invitations import invitation
from eventapp.registrations.models import Registration


def _site() -> Site:
    cfg = current_app.config
    return Site(cfg["EVENTAPP_BASE_URL"], cfg["EVENTAPP_UID_DOMAIN"])


def _organizer() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.split("<")[-1].rstrip(">").strip()


def _invite(reg: Registration, method: str) -> str:
    event = reg.event
    reg.invite_sequence = max(event.sequence, reg.invite_sequence + 1)
    item = cal_event(event, reg.language, _site(), private=True)
    return invitation(
        item, method=method, organizer=_organizer(), attendee=reg.email,
        attendee_name=reg.name, sequence=reg.invite_sequence,
    ).decode()  # fmt: skip


def position(reg: Registration) -> int | None:
    """1 for the first person waiting, and so on; None when not waiting."""
    if reg.status != "waiting":
        return None
    ahead = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == reg.event_id,
            Registration.status == "waiting",
            (Registration.waiting_since < reg.waiting_since)
            | ((Registration.waiting_since == reg.waiting_since) & (Registration.id < reg.id)),
        )
    )
    return ahead + 1


def _send(reg: Registration, template: str, subject: str, now: datetime, method=None) -> None:
    ical = _invite(reg, method) if method else None
    title = reg.event.localised("title", reg.language).text
    queue_mail(
        reg.email, template, reg.language, now=now, subject=subject, ical=ical,
        ical_method=method, registration=reg, event=reg.event, title=title,
        manage_url=links.manage_url(reg, reg.language), position=position(reg),
        confirm_url=links.confirm_url(reg, reg.language),
        event_url=_site().event_url(reg.event, reg.language),
    )  # fmt: skip


def _subject(text: str, reg: Registration) -> str:
    return f"{text} — {reg.event.localised('title', reg.language).text}"


def registered(reg: Registration, *, now: datetime) -> None:
    """After registering or confirming: the place, the queue, or the link to confirm."""
    with force_locale(reg.language):
        if reg.status == "pending":
            _send(reg, "registration_pending", _subject(_("Confirm your registration"), reg), now)
        elif reg.status == "confirmed":
            subject = _subject(_("Your place is confirmed"), reg)
            _send(reg, "registration_confirmed", subject, now, "REQUEST")
        elif reg.status == "waiting":
            _send(reg, "registration_waiting", _subject(_("You are on the waiting list"), reg), now)


def promoted(reg: Registration, *, now: datetime) -> None:
    with force_locale(reg.language):
        subject = _subject(_("A place is yours"), reg)
        _send(reg, "registration_promoted", subject, now, "REQUEST")


def cancelled(reg: Registration, *, now: datetime, had_place: bool) -> None:
    with force_locale(reg.language):
        subject = _subject(_("Your registration is cancelled"), reg)
        _send(reg, "registration_cancelled", subject, now, "CANCEL" if had_place else None)


def event_changed(event, *, now: datetime, action: str) -> None:
    """Tell every confirmed registrant that the event moved or was cancelled."""
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id, Registration.status == "confirmed"
        )
    ).all()
    for reg in registrations:
        with force_locale(reg.language):
            if action == "cancelled":
                subject = _subject(_("Event cancelled"), reg)
                _send(reg, "event_cancelled", subject, now, "CANCEL")
            else:
                subject = _subject(_("Event changed"), reg)
                _send(reg, "event_changed", subject, now, "REQUEST")
