"""The day-before reminder, queued once per registration and event date.

The outbox is the record: a reminder's Message-ID is made from the registration and the event's
start, and the outbox keeps every message, so a reminder already queued is found again (and the
unique Message-ID stops a second run from queueing it twice). An event that moves gets a new
reminder for its new date.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.mail.models import OutboxMessage
from eventapp.mail.services import queue_mail
from eventapp.registrations import links
from eventapp.registrations.models import Registration, RegistrationSession
from eventapp.settings import Settings

# Run once a day (cron): every event starting 24 to 48 hours after the run is reminded of.
AHEAD = timedelta(hours=24)
WINDOW = timedelta(hours=24)
# Run every few minutes (the worker): events starting 12 to 24 hours on, so that each reminder
# goes about a day before, and one missed while no worker ran still goes up to 12 hours late.
OFTEN_AHEAD = timedelta(hours=12)
OFTEN_WINDOW = timedelta(hours=12)


def reminder_id(reg: Registration, domain: str) -> str:
    """The Message-ID of `reg`'s reminder for the event's current date."""
    start = reg.event.start_at.astimezone(UTC)
    return f"<reminder-{reg.id}-{start:%Y%m%dT%H%M%SZ}@{domain}>"


def due(now: datetime, ahead: timedelta = AHEAD, window: timedelta = WINDOW) -> list[Registration]:
    """Confirmed places at published events starting `ahead` to `ahead + window` from `now`."""
    return db.session.scalars(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.status == "confirmed",
            Event.status == "published",
            Event.start_at >= now + ahead,
            Event.start_at < now + ahead + window,
        )
        .options(
            selectinload(Registration.event).selectinload(Event.site),
            selectinload(Registration.sessions).selectinload(RegistrationSession.session),
        )
        .order_by(Registration.id)
    ).all()


def send_reminders(
    *,
    now: datetime,
    settings: Settings,
    ahead: timedelta = AHEAD,
    window: timedelta = WINDOW,
) -> int:
    """Queue the reminders due at `now` that were not queued before; returns how many.

    Safe with several workers at once: the Message-ID is unique, so of two runs queueing the
    same reminder, one insert fails and that run skips it.
    """
    domain = settings.uid_domain or "localhost"
    queued = 0
    for reg in due(now, ahead, window):
        key = reminder_id(reg, domain)
        if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.message_id == key)):
            continue
        try:
            with db.session.begin_nested():
                _queue(reg, key, now, settings)
        except IntegrityError:  # another run queued it at the same moment
            continue
        queued += 1
    return queued


def _queue(reg: Registration, key: str, now: datetime, settings: Settings) -> None:
    site = Site(settings.base_url, settings.uid_domain)
    event, lang = reg.event, reg.language
    with force_locale(lang):
        title = event.localised("title", lang).text
        subject = _("Reminder: %(title)s", title=title)
    message = queue_mail(
        reg.email, "registration_reminder", lang, now=now, settings=settings, subject=subject,
        registration=reg,
        event=event, title=title, event_url=site.event_url(event, lang),
        manage_url=links.manage_url(links.new_token(reg, now=now), lang, settings),
        online_url=event.online_url,
    )  # fmt: skip
    message.message_id = key
    db.session.flush()
