"""What registrants are told, by mail through the outbox, with a calendar invitation attached.

Every invitation for an event carries a SEQUENCE higher than any the person received before
(kept in `invite_sequence`), or their calendar would ignore it.

Registering, confirming, cancelling and promoting hold the event's lock, so their mail is only
decided there (`registered`, `promoted`, `cancelled`): the kind of mail, the invitation's METHOD
and SEQUENCE (bumped under the lock, it orders the person's calendar updates) and the facts of
that moment (the waiting position, the guest's hold). It is rendered after the commit from the
registration and event as committed (`_render`, through mail/deferred.py), as it was before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventapp.events.placing import Placing
from eventapp.extensions import db
from eventapp.feeds.content import Site, cal_event
from eventapp.mail.deferred import Composed, renders
from eventapp.mail.models import OutboxMessage
from eventapp.mail.services import queue_later, queue_mail
from eventapp.registrations import links
from eventapp.registrations.invitations import invitation
from eventapp.registrations.models import Registration
from eventapp.settings import Settings

KIND = "registration"  # the outbox rows rendered after the commit by `_render`
SUBJECTS = {
    "registration_pending": _l("Confirm your registration"),
    "registration_confirmed": _l("Your place is confirmed"),
    "registration_waiting": _l("You are on the waiting list"),
    "registration_promoted": _l("A place is yours"),
    "registration_cancelled": _l("Your registration is cancelled"),
}


def _organizer(settings: Settings) -> str:
    return settings.mail_sender.split("<")[-1].rstrip(">").strip()


def _next_sequence(reg: Registration) -> int:
    reg.invite_sequence = max(reg.event.sequence, reg.invite_sequence + 1)
    return reg.invite_sequence


def _invitation(
    reg: Registration, method: str, sequence: int, settings: Settings, now: datetime
) -> str:
    item = cal_event(reg.event, reg.language, Site.of(settings), private=True)
    return invitation(
        item, method=method, organizer=_organizer(settings), attendee=reg.email,
        attendee_name=reg.name, sequence=sequence, made_at=now,
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


def _context(
    reg: Registration, lang: str, now: datetime, settings: Settings, session: Session | None
) -> dict[str, Any]:
    """What every registration mail shows: the event, and its own link (see links.py)."""
    token = links.new_token(reg, now=now, session=session)
    return dict(
        registration=reg, event=reg.event, title=reg.event.localised("title", lang).text,
        manage_url=links.manage_url(token, lang, settings),
        confirm_url=links.confirm_url(token, lang, settings),
        event_url=Site.of(settings).event_url(reg.event, lang),
    )  # fmt: skip


def _send(
    reg: Registration,
    template: str,
    subject: str,
    now: datetime,
    settings: Settings,
    method=None,
    **extra,
) -> None:
    """Render and queue now (mail that is not decided under the lock)."""
    ical = _invitation(reg, method, _next_sequence(reg), settings, now) if method else None
    context = _context(reg, reg.language, now, settings, None)
    queue_mail(
        reg.email, template, reg.language, now=now, settings=settings, subject=subject, ical=ical,
        ical_method=method, position=position(reg), **context, **extra,
    )  # fmt: skip


def _decide(
    reg: Registration,
    template: str,
    now: datetime,
    settings: Settings,
    method=None,
    sequence: int | None = None,
    **facts,
) -> None:
    """Queue `template` for `reg`, to be rendered after the commit (under the lock: no render);
    `sequence`: the invitation's, when bumped already (`invitation_sequence`)."""
    spec = _spec(reg, template, method, sequence, **facts)
    queue_later(reg.email, KIND, reg.language, spec, now=now, settings=settings)


def _spec(reg: Registration, template: str, method=None, sequence=None, **facts) -> dict:
    """What the outbox row says to render (the registration's id comes first: writing.py)."""
    if method and sequence is None:
        sequence = _next_sequence(reg)
    return dict(
        registration=reg.id, template=template, language=reg.language, method=method,
        sequence=sequence if method else None, **facts,
    )  # fmt: skip


def _subject(text: str, reg: Registration) -> str:
    return f"{text} — {reg.event.localised('title', reg.language).text}"


class _AsDecided:
    """The registration as committed, but with the facts of the moment the mail was decided."""

    def __init__(self, reg: Registration, facts: dict[str, Any]) -> None:
        self._reg, self._facts = reg, facts

    def __getattr__(self, name: str) -> Any:
        return self._facts[name] if name in self._facts else getattr(self._reg, name)


@renders(KIND)
def _render(session: Session, spec: dict, message: OutboxMessage, settings: Settings) -> Composed:
    reg = session.get(Registration, spec["registration"])
    if reg is None:
        raise LookupError(f"registration {spec['registration']} is gone")
    lang, template, method = spec["language"], spec["template"], spec["method"]
    now = message.created_at
    facts = {}
    if template == "registration_pending":  # the hold as it was (a confirmation since ends it)
        hold = spec.get("hold_until")
        facts["hold_until"] = datetime.fromisoformat(hold) if hold else None
    with force_locale(lang):
        subject = _subject(str(SUBJECTS[template]), reg)
        ical = _invitation(reg, method, spec["sequence"], settings, now) if method else None
        context = _context(reg, lang, now, settings, session)
    context.update(registration=_AsDecided(reg, facts), position=spec.get("position"))
    if spec.get("unheld"):
        context["unheld"] = True
    return Composed(template, context, subject, ical, method)


def invitation_sequence(reg: Registration) -> int | None:
    """Bump now the SEQUENCE of the invitation `registered` will send for `reg`'s status (None:
    no invitation), so that a new registration is inserted with it rather than updated after."""
    return _next_sequence(reg) if reg.status == "confirmed" else None


def registered(
    reg: Registration,
    *,
    now: datetime,
    settings: Settings,
    unheld: bool = False,
    place: int | None = None,
    sequence: int | None = None,
) -> None:
    """After registering or confirming: the place, the queue, or the link to confirm.

    `unheld`: a guest confirmed with no place held any more; if they wait, the mail says why.
    `place`: the waiting position when the caller counted it already (else counted here);
    `sequence`: the invitation's, when the caller bumped it (`invitation_sequence`).
    """
    spec = registered_spec(reg, unheld=unheld, place=place, sequence=sequence)
    if spec is not None:
        queue_later(reg.email, KIND, reg.language, spec, now=now, settings=settings)


def registered_spec(
    reg: Registration, *, unheld: bool = False, place: int | None = None, sequence=None
) -> dict | None:
    """What `registered` queues for `reg`'s status (None: nothing), not queued."""
    if reg.status == "pending":
        hold = reg.hold_until.isoformat() if reg.hold_until else None
        return _spec(reg, "registration_pending", hold_until=hold)
    if reg.status == "confirmed":
        return _spec(reg, "registration_confirmed", "REQUEST", sequence)
    if reg.status == "waiting":
        place = place if place is not None else position(reg)
        return _spec(reg, "registration_waiting", position=place, unheld=unheld)
    return None


def promoted(reg: Registration, *, now: datetime, settings: Settings) -> None:
    _decide(reg, "registration_promoted", now, settings, "REQUEST")


def cancelled(reg: Registration, *, now: datetime, settings: Settings, had_place: bool) -> None:
    _decide(reg, "registration_cancelled", now, settings, "CANCEL" if had_place else None)


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
