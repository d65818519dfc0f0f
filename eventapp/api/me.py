"""`GET /api/v1/me`: the token owner's profile."""

from __future__ import annotations

from flask import g, jsonify

from eventapp.api.auth import token_required
from eventapp.api.openapi import documented
from eventapp.api.registrations import personal_feed
from eventapp.api.shapes.registrations import Me
from eventapp.api.views import bp
from eventapp.extensions import db


@bp.get("/me")
@documented(
    id="getMe", summary="The profile of the token's owner.",
    answers={200: (Me, "The token owner's profile.")},
)  # fmt: skip
@token_required
def me():
    user = g.api_user
    feed = personal_feed(user)
    db.session.commit()  # keeps the token's last use (and a feed address made on first need)
    return jsonify(
        id=user.id,
        email=user.email,
        name=user.name,
        affiliation=user.affiliation,
        language=user.language,
        role=user.role,
        organisations=[o.slug for o in user.organisations],
        personal_feed=feed,
    )
