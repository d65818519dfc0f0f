"""Where following plugs in: the events' "published" signal, and what the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, g
from flask_login import current_user

from eventapp.events import signals
from eventapp.events.models import Event
from eventapp.follows import notify, services, targets
from eventapp.follows.forms import DigestForm, FollowForm
from eventapp.settings import Settings
from eventapp.templating import page_lang


def tell_followers(event: Event, *, now: datetime, settings: Settings, **_: object) -> None:
    """Followers of what the event belongs to hear of it (once each)."""
    notify.tell_followers(event, now=now, settings=settings)


@dataclass(frozen=True)
class Following:
    """The profile's "Following" section: what the person follows, and how they hear of it."""

    targets: list[targets.Target]
    weekly: bool
    digest_form: DigestForm
    form: FollowForm


def _mine() -> set[tuple[str, int]]:
    """The signed-in person's follows, looked up once per request."""
    if "my_follows" not in g:
        g.my_follows = {(f.kind, f.target_id) for f in services.follows_of(current_user.id)}
    return g.my_follows


def follows(kind: str, row) -> bool:
    """Whether the signed-in person follows `row` (of `kind`)."""
    return current_user.is_authenticated and (kind, row.id) in _mine()


def follow_form() -> FollowForm:
    return FollowForm(formdata=None)


def following() -> Following:
    """What the profile lists (follows whose row was deleted meanwhile are left out)."""
    pairs = [(f.kind, f.target_id) for f in services.follows_of(current_user.id)]
    weekly = services.is_weekly(current_user.id)
    digest = DigestForm(formdata=None, mail="weekly" if weekly else "each")
    return Following(targets.describe_all(pairs, page_lang()), weekly, digest, follow_form())


def init_app(app: Flask) -> None:
    # Connecting the same receiver again is a no-op: several apps in a process hear once.
    signals.event_published.connect(tell_followers)
    app.jinja_env.globals.update(follows=follows, follow_form=follow_form, following=following)
