"""A person's own feed, `/feeds/<lang>/personal/<token>.ics`: the events they have a place at.

Built per request with the pure builder, not from the stored public blocks: it carries the
online link that an event with registration keeps for its attendees. Personal feeds are small.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.accounts.models import User
from eventapp.events import queries
from eventapp.events.filters import EventFilters
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds.content import cal_event
from eventapp.feeds.http import calendar_response, etag_for
from eventapp.feeds.ical import CalendarInfo, calendar, event_block
from eventapp.feeds.naming import BRAND
from eventapp.feeds.tokens import user_for_feed_token
from eventapp.feeds.tracking import feed_version
from eventapp.feeds.views import (
    CANCELLED_DAYS,
    DEFAULT_ZONE,
    FEED_STATUSES,
    PAST_DAYS,
    _site,
    _today,
    bp,
)
from eventapp.registrations import mine
from eventapp.registrations.models import Registration

# Personal: a shared cache must not keep it (the public feeds say `public`).
CACHE_CONTROL = "private, max-age=900"


@bp.get("/personal/<token>.ics")
def personal_feed(token: str):
    user = user_for_feed_token(token, secret=current_app.config["SECRET_KEY"])
    if user is None:
        abort(404, _("There is no such feed."))
    lang, today = g.lang, _today()
    version, changed_at = feed_version(db.session.connection())
    etag = etag_for(
        "personal", lang, user.id, user.feed_token_hash, version, mine.state_digest(user),
        today.date(), _site(),
    )  # fmt: skip
    last = max(t for t in (changed_at, mine.latest_change(user), today) if t is not None)

    def body() -> bytes:
        events = _events(user, today)
        blocks = [event_block(cal_event(e, lang, _site(), private=True)) for e in events]
        zones = sorted({e.site.timezone for e in events if not e.all_day}) or [DEFAULT_ZONE]
        info = CalendarInfo(
            name=f"{BRAND} — {_('My events')}",
            description=_("The events you have a place at."),
            url=_site().base_url + request.path,
        )
        return calendar(info, zones, blocks)

    response = calendar_response(etag, last, body)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _events(user: User, today) -> list[Event]:
    """The events of the user's confirmed places, within the public feeds' window."""
    stmt = queries.filtered(
        EventFilters(), now=today - timedelta(days=PAST_DAYS), statuses=FEED_STATUSES,
        cancelled_since=today - timedelta(days=CANCELLED_DAYS),
    )  # fmt: skip
    confirmed = select(Registration.event_id).where(
        mine.owned_by(user), Registration.status == "confirmed"
    )
    return db.session.scalars(
        stmt.where(Event.id.in_(confirmed))
        .options(selectinload(Event.site), selectinload(Event.venue), selectinload(Event.speakers))
        .order_by(Event.start_at, Event.id)
    ).all()
