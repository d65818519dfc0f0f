"""The mail about new events: one per follower and event, at once or in the weekly digest.

`FollowNotice` is the record: a follower is told of an event once (a unique key on person and
event), whatever the number of their follows it matches, and never again when the event is
unpublished and published again. A digest person's notice waits (no `sent_at`) for the worker.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from eventapp.accounts.models import User
from eventapp.events.models import Event
from eventapp.events.visibility import may_see
from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.follows import targets, tokens
from eventapp.follows.models import Follow, FollowNotice, FollowPreference
from eventapp.mail.services import InvalidRecipient, queue_mail
from eventapp.settings import Settings

ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058


def is_news(event: Event, now: datetime) -> bool:
    """Whether followers hear of `event`: published, and not started yet."""
    return event.status == "published" and event.start_at > now


def followers(event: Event) -> dict[int, list[tuple[str, int]]]:
    """Each follower of something `event` belongs to, with the follows it matches."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, target_id in targets.event_keys(event):
        by_kind[kind].add(target_id)
    matching = or_(
        *(and_(Follow.kind == kind, Follow.target_id.in_(ids)) for kind, ids in by_kind.items())
    )
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in db.session.execute(
        select(Follow.user_id, Follow.kind, Follow.target_id).where(matching).order_by(Follow.id)
    ):
        found[row.user_id].append((row.kind, row.target_id))
    return dict(found)


def tell_followers(event: Event, *, now: datetime, settings: Settings) -> int:
    """Queue the mail (or the digest's item) about a newly published event for each follower
    not told of it before; returns how many mails were queued."""
    if not is_news(event, now):
        return 0
    matched = followers(event)
    told = set(
        db.session.scalars(select(FollowNotice.user_id).where(FollowNotice.event_id == event.id))
    )
    people = [uid for uid in matched if uid not in told]
    if not people:
        return 0
    weekly = set(
        db.session.scalars(
            select(FollowPreference.user_id).where(
                FollowPreference.user_id.in_(people), FollowPreference.weekly
            )
        )
    )
    queued = 0
    users = db.session.scalars(select(User).where(User.id.in_(people)).order_by(User.id)).all()
    for user in users:
        if not may_see(user, event):
            continue
        try:
            with db.session.begin_nested():
                later = user.id in weekly
                db.session.add(FollowNotice(user_id=user.id, event_id=event.id, created_at=now,
                                            sent_at=None if later else now))  # fmt: skip
                db.session.flush()
                if not later:
                    _mail_new_event(user, event, matched[user.id], now=now, settings=settings)
                    queued += 1
        except IntegrityError:  # told at the same moment by another transaction
            continue
        except InvalidRecipient:  # an address no mail can go to must not stop the publishing
            continue
    return queued


def unsubscribe_url(settings: Settings, lang: str, token: str) -> str:
    return settings.absolute(f"/{lang}/unsubscribe/{token}")


def list_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: the one-click unsubscribe a mail client offers."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}


def _mail_new_event(
    user: User, event: Event, pairs: list[tuple[str, int]], *, now: datetime, settings: Settings
) -> None:
    lang, secret = user.language, settings.secret_key
    because = [
        (t, unsubscribe_url(settings, lang, tokens.make_token(secret, user.id, [(t.kind, t.id)])))
        for t in targets.describe_all(pairs, lang)
    ]
    header_url = unsubscribe_url(settings, lang, tokens.make_token(secret, user.id, pairs))
    with force_locale(lang):
        title = event.localised("title", lang).text
        subject = _("New event: %(title)s", title=title)
    queue_mail(
        user.email, "follow_new_event", lang, now=now, settings=settings, subject=subject,
        headers=list_headers(header_url),
        event=event, title=title, event_url=Site.of(settings).event_url(event, lang),
        because=because, base_url=settings.base_url,
        stop_all_url=unsubscribe_url(settings, lang, tokens.make_token(secret, user.id, None)),
        profile_url=settings.absolute(f"/{lang}/account/profile"),
    )  # fmt: skip
