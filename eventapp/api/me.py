"""`GET /api/v1/me`: the token owner's profile."""

from __future__ import annotations

from flask import g, jsonify

from eventapp.accounts.models import User
from eventapp.api.auth import token_required
from eventapp.api.openapi import documented
from eventapp.api.shapes.registrations import Me
from eventapp.api.views import bp
from eventapp.extensions import db
from eventapp.feeds.tokens import feed_token, feed_urls
from eventapp.registrations import mine
from eventapp.settings import current_settings


def personal_feed(user: User) -> dict[str, str] | None:
    """The personal feed's addresses once the user has registrations.

    Derived from what is stored, so every answer shows the same address and none writes one;
    `POST /api/v1/me/personal-feed` makes a new one (and the old one dies).
    """
    if not mine.has_registrations(user):
        return None
    settings = current_settings()
    return feed_urls(feed_token(user, secret=settings.secret_key), settings=settings)


@bp.get("/me")
@documented(
    id="getMe", summary="The profile of the token's owner.",
    answers={200: (Me, "The token owner's profile.")},
)  # fmt: skip
@token_required
def me():
    user = g.api_user
    db.session.commit()  # keeps the token's last use, the one thing a read records
    shown = {
        n: getattr(user, n) for n in ("id", "email", "name", "affiliation", "language", "role")
    }
    slugs = [o.slug for o in user.organisations]
    return jsonify(**shown, organisations=slugs, personal_feed=personal_feed(user))
