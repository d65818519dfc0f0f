"""The weekly digest: one mail listing the new events a person's follows matched that week.

Safe with several workers: a person's due digest is claimed by moving its due date on through
a conditional update (services.claim_digest), in the transaction that queues the mail and marks
its items sent; a second worker's update then matches nothing (on PostgreSQL it waits for the
first to commit and finds the date moved), so it sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, ngettext
from sqlalchemy import select, update

from eventapp.accounts.models import User
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.follows import services, tokens
from eventapp.follows.models import FollowNotice, FollowPreference
from eventapp.follows.notify import is_news, list_headers, unsubscribe_url
from eventapp.mail.services import queue_mail
from eventapp.settings import Settings


def due(now: datetime) -> list[tuple[int, datetime]]:
    """The people whose digest is due at `now`, with the due date a claim must find."""
    rows = db.session.execute(
        select(FollowPreference.user_id, FollowPreference.digest_due_at)
        .where(FollowPreference.digest_due_at <= now)
        .order_by(FollowPreference.digest_due_at, FollowPreference.user_id)
    )
    return [(row.user_id, row.digest_due_at) for row in rows]


def send_digest(user_id: int, due_at: datetime, *, now: datetime, settings: Settings) -> bool:
    """Claim the person's digest and queue it (when an event of it is still to come); the items
    are marked sent either way. Returns whether a mail was queued. The caller commits."""
    if not services.claim_digest(user_id, due_at, now=now):
        return False
    notices = list(
        db.session.scalars(
            select(FollowNotice)
            .where(FollowNotice.user_id == user_id, FollowNotice.sent_at.is_(None))
            .order_by(FollowNotice.id)
        )
    )
    if not notices:
        return False
    db.session.execute(
        update(FollowNotice)
        .where(FollowNotice.id.in_([n.id for n in notices]), FollowNotice.sent_at.is_(None))
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    )
    events = db.session.scalars(
        select(Event).where(Event.id.in_([n.event_id for n in notices])).order_by(Event.start_at)
    )
    # An event cancelled, unpublished or begun since it was published is news no more.
    shown = [event for event in events if is_news(event, now)]
    user = db.session.get(User, user_id)
    if not shown or user is None:
        return False
    _mail(user, shown, now=now, settings=settings)
    return True


def _mail(user: User, events: list[Event], *, now: datetime, settings: Settings) -> None:
    lang, site = user.language, Site.of(settings)
    stop_all = unsubscribe_url(
        settings, lang, tokens.make_token(settings.secret_key, user.id, None)
    )
    with force_locale(lang):
        subject = ngettext(
            "This week: %(num)d new event you follow",
            "This week: %(num)d new events you follow",
            len(events),
        )
    items = [(event, event.localised("title", lang).text, site.event_url(event, lang))
             for event in events]  # fmt: skip
    queue_mail(
        user.email, "follow_digest", lang, now=now, settings=settings, subject=subject,
        headers=list_headers(stop_all), items=items, stop_all_url=stop_all,
        profile_url=settings.absolute(f"/{lang}/account/profile"),
    )  # fmt: skip
