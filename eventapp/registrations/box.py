"""What the event page shows about registering: places, the window, my place, the forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, g
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventapp import dates
from eventapp.events.models import Event
from eventapp.extensions import clock
from eventapp.registrations import mine
from eventapp.registrations.forms import GuestForm, RegisterForm, choosable_sessions
from eventapp.registrations.models import Registration
from eventapp.registrations.notify import position
from eventapp.registrations.places import taken_by_session
from eventapp.templating import page_lang


@dataclass
class Box:
    """The registration box of one event page."""

    event: Event
    window: str  # open | not_yet | closed | unavailable
    opens: str | None
    closes: str | None
    registration: Registration | None
    position: int | None
    form: RegisterForm | GuestForm | None


def my_registration(event: Event) -> Registration | None:
    """The signed-in user's registration for `event` (looked up once per request)."""
    if not current_user.is_authenticated:
        return None
    cache = g.setdefault("my_registrations", {})
    if event.id not in cache:
        cache[event.id] = mine.on_page_of(current_user, event)
    return cache[event.id]


def online_link_visible(event: Event) -> bool:
    """Everyone sees the online link, unless registration keeps it for confirmed attendees."""
    if not event.online_link_private:
        return True
    reg = my_registration(event)
    return reg is not None and reg.status == "confirmed"


def window(event: Event, now: datetime) -> str:
    if event.status != "published" or event.end_at <= now:
        return "unavailable"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet"
    if event.registration_closes_at and now >= event.registration_closes_at:
        return "closed"
    return "open"


def _moment(event: Event, value: datetime | None) -> str | None:
    if value is None:
        return None
    tz = event.site.timezone
    return f"{dates.day_time(value, tz, page_lang())} ({dates.zone_label(tz)})"


def session_labels(event: Event, now: datetime | None = None) -> dict[int, str]:
    """Each choosable session: its title, time and the places it has left."""
    sessions = choosable_sessions(event)
    used = taken_by_session([s.id for s in sessions], now or clock.now())
    tz, lang = event.site.timezone, page_lang()
    labels = {}
    for s in sessions:
        left = max(0, s.capacity - used.get(s.id, 0))
        places = ngettext("%(num)d left", "%(num)d left", left) if left else _("full: waiting list")
        when = dates.day_time(s.start_at, tz, lang)
        labels[s.id] = f"{s.localised('title', lang).text} — {when} ({places})"
    return labels


def registration_box(event: Event, form=None) -> Box:
    """The box's state; `form` is a submitted form to show again with its errors."""
    now = clock.now()
    reg = my_registration(event)
    active = reg is not None and reg.status != "cancelled"
    state = window(event, now)
    if form is None and state == "open" and not active:
        form = RegisterForm() if current_user.is_authenticated else GuestForm()
    if form is not None:
        form.offer(event, session_labels(event, now))
    return Box(
        event=event, window=state,
        opens=_moment(event, event.registration_opens_at),
        closes=_moment(event, event.registration_closes_at),
        registration=reg if active else None,
        position=position(reg) if active else None,
        form=form,
    )  # fmt: skip


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        registration_box=registration_box, online_link_visible=online_link_visible
    )
