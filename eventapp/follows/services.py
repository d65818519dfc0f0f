"""Following and unfollowing, and how a person hears of new events. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from eventapp.errors import NotFound, Refused
from eventapp.extensions import db
from eventapp.follows import targets
from eventapp.follows.models import KINDS, Follow, FollowNotice, FollowPreference

WEEK = timedelta(days=7)


def follow(user_id: int, kind: str, target_id: int, *, now: datetime) -> Follow:
    """Follow the `kind` row `target_id` (once: following again changes nothing)."""
    if kind not in KINDS:
        raise Refused(_l("This cannot be followed."), {"kind": _l("This cannot be followed.")})
    if targets.find(kind, target_id) is None:
        raise NotFound(_l("There is nothing to follow here."))
    found = _find(user_id, kind, target_id)
    if found is not None:
        return found
    made = Follow(user_id=user_id, kind=kind, target_id=target_id, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(made)
    except IntegrityError:  # the same follow, made at the same moment by another request
        return _find(user_id, kind, target_id)
    return made


def unfollow(user_id: int, pairs: Iterable[tuple[str, int]] | None) -> int:
    """Stop following each (kind, id) of `pairs`, or everything (None); returns how many went.
    Unfollowing what is not followed is no error: a link clicked twice does the same."""
    query = delete(Follow).where(Follow.user_id == user_id)
    if pairs is not None:
        wanted = list(pairs)
        if not wanted:
            return 0
        query = query.where(
            or_(*(and_(Follow.kind == kind, Follow.target_id == tid) for kind, tid in wanted))
        )
    gone = db.session.execute(query.execution_options(synchronize_session=False)).rowcount
    db.session.flush()
    return gone


def follows_of(user_id: int) -> list[Follow]:
    """A person's follows, oldest first."""
    query = select(Follow).where(Follow.user_id == user_id).order_by(Follow.id)
    return list(db.session.scalars(query))


def is_weekly(user_id: int) -> bool:
    """Whether the person chose the weekly digest over a mail for each new event."""
    pref = db.session.get(FollowPreference, user_id)
    return pref is not None and pref.weekly


def choose_digest(user_id: int, weekly: bool, *, now: datetime) -> None:
    """A mail for each new event, or a weekly digest. Going back to a mail for each, what the
    digest still held goes at the worker's next pass (its digest is due now)."""
    pref = db.session.get(FollowPreference, user_id)
    if pref is None:
        pref = FollowPreference(user_id=user_id, weekly=False)
        db.session.add(pref)
    if weekly and not pref.weekly:
        pref.digest_due_at = now + WEEK
    elif not weekly and pref.weekly:
        pref.digest_due_at = now
    pref.weekly = weekly
    db.session.flush()


def forget_person(user_id: int) -> None:
    """Delete everything the feature holds about a person (their account is being erased)."""
    for model in (FollowNotice, Follow, FollowPreference):
        db.session.execute(
            delete(model)
            .where(model.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()


def claim_digest(user_id: int, due_at: datetime, *, now: datetime) -> bool:
    """Take the person's due digest for this worker: its due date moves on (a week on, or none
    left once they chose a mail for each event). False when another worker took it first."""
    pref = db.session.get(FollowPreference, user_id)
    following = pref.weekly if pref is not None else False
    taken = db.session.execute(
        update(FollowPreference)
        .where(FollowPreference.user_id == user_id, FollowPreference.digest_due_at == due_at)
        .values(digest_due_at=now + WEEK if following else None)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def _find(user_id: int, kind: str, target_id: int) -> Follow | None:
    return db.session.scalar(
        select(Follow).where(
            Follow.user_id == user_id, Follow.kind == kind, Follow.target_id == target_id
        )
    )
