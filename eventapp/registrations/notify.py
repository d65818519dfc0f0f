"""What registrants are told, by mail through the outbox, with a calendar invitation attached.

Every invitation for an event carries a SEQUENCE higher than any the person received before
(kept in `invite_sequence`), or their calendar would ignore it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from eventapp.events.placing import Placing
from eventapp.extensions import db
from eventapp.feeds.content import Site, cal_event
from eventapp.mail.services import queue_mail
from eventapp.registrations import links
from eventapp.registrations.invitations import invitation
from eventapp.registrations.models import Registration
from eventapp.settings import Settings


def _organizer(settings: Settings) -> str:
    return settings.mail_sender.split("<")[-1].rstrip(">").strip()


def _invite(reg: Registration, method: str, settings: Settings, now: datetime) -> str:
    event = reg.event
    reg.invite_sequence = max(event.sequence, reg.invite_sequence + 1)
    item = cal_event(event, reg.language, Site.of(settings), private=True)
    return invitation(
        item, method=method, organizer=_organizer(settings), attendee=reg.email,
        attendee_name=reg.name, sequence=reg.invite_sequence, made_at=now,
    ).decode()  # fmt: skip


def position(reg: Registration) -> int | None:
    """1 for the first person waiting, and so on; None when not waiting."""
    if reg.status != "waiting":
        return None
    ahead = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == reg.event_id,
            Registration.status == "waiting",
            (Registration.queue_number < reg.queue_number)
            | ((Registration.queue_number == reg.queue_number) & (Registration.id < reg.id)),
        )
    )
    return ahead + 1


def _send(
    reg: Registration,
    template: str,
    subject: str,
    now: datetime,
    settings: Settings,
    method=None,
    **extra,
) -> None:
    lang = reg.language
    ical = _invite(reg, method, settings, now) if method else None
    title = reg.event.localised("title", lang).text
    token = links.new_token(reg, now=now)  # every mail its own link (see links.py)
    queue_mail(
        reg.email, template, lang, now=now, settings=settings, subject=subject, ical=ical,
        ical_method=method, registration=reg, event=reg.event, title=title,
        manage_url=links.manage_url(token, lang, settings), position=position(reg),
        confirm_url=links.confirm_url(token, lang, settings),
        event_url=Site.of(settings).event_url(reg.event, lang), **extra,
    )  # fmt: skip


def _subject(text: str, reg: Registration) -> str:
    return f"{text} — {reg.event.localised('title', reg.language).text}"


def registered(
    reg: Registration, *, now: datetime, settings: Settings, unheld: bool = False
) -> None:
    """After registering or confirming: the place, the queue, or the link to confirm.

    `unheld`: a guest confirmed with no place held any more; if they wait, the mail says why.
    """
    with force_locale(reg.language):
        if reg.status == "pending":
            subject = _subject(_("Confirm your registration"), reg)
            _send(reg, "registration_pending", subject, now, settings)
        elif reg.status == "confirmed":
            subject = _subject(_("Your place is confirmed"), reg)
            _send(reg, "registration_confirmed", subject, now, settings, "REQUEST")
        elif reg.status == "waiting":
            subject = _subject(_("You are on the waiting list"), reg)
            _send(reg, "registration_waiting", subject, now, settings, unheld=unheld)


def promoted(reg: Registration, *, now: datetime, settings: Settings) -> None:
    with force_locale(reg.language):
        subject = _subject(_("A place is yours"), reg)
        _send(reg, "registration_promoted", subject, now, settings, "REQUEST")


def cancelled(reg: Registration, *, now: datetime, settings: Settings, had_place: bool) -> None:
    with force_locale(reg.language):
        subject = _subject(_("Your registration is cancelled"), reg)
        method = "CANCEL" if had_place else None
        _send(reg, "registration_cancelled", subject, now, settings, method)


def _place(placing: Placing, lang: str) -> str:
    venue = placing.venue
    if venue is None:
        return placing.site.localised("name", lang).text
    name = venue.localised("name", lang).text
    return f"{name}, {venue.address}" if venue.address else name


def _moves(event, before: Placing | None, lang: str) -> dict:
    """What the "event changed" mail says moved: the place before and after, if it did."""
    if before is None:
        return {"before": None}
    moved_when, moved_place = Placing.of(event).moved_from(before)
    return {
        "before": before, "moved_when": moved_when, "moved_place": moved_place,
        "place_before": _place(before, lang), "place_now": _place(Placing.of(event), lang),
    }  # fmt: skip


def event_changed(
    event, *, now: datetime, settings: Settings, action: str, before: Placing | None = None
) -> None:
    """Tell every confirmed registrant that the event moved (from `before`) or was cancelled."""
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id, Registration.status == "confirmed"
        )
    ).all()
    for reg in registrations:
        with force_locale(reg.language):
            if action == "cancelled":
                subject = _subject(_("Event cancelled"), reg)
                _send(reg, "event_cancelled", subject, now, settings, "CANCEL")
            else:
                subject = _subject(_("Event changed"), reg)
                moves = _moves(event, before, reg.language)
                _send(reg, "event_changed", subject, now, settings, "REQUEST", **moves)
