"""`/api/v1/me/follows`: what the token's owner follows, following, unfollowing, the mail choice."""

from __future__ import annotations

from flask import Response, g, jsonify

from eventapp.api.auth import token_required
from eventapp.api.openapi import documented
from eventapp.api.shapes.follows import FollowItem, Follows, FollowWrite, MailChoice
from eventapp.api.validation import answer, json_object, parse_body
from eventapp.api.views import bp
from eventapp.extensions import clock, db
from eventapp.follows import services
from eventapp.follows.listing import follow_item, follows_data
from eventapp.settings import current_settings


@bp.get("/me/follows")
@documented(
    id="listMyFollows", summary="What the token's owner follows, and how they hear of it.",
    answers={200: (Follows, "The follows, oldest first, and the mail choice.")},
)  # fmt: skip
@token_required
def my_follows():
    data = answer(Follows, follows_data(g.api_user, current_settings()))
    db.session.commit()  # keeps the token's last use
    return jsonify(data)


@bp.post("/me/follows")
@documented(
    id="follow", body=FollowWrite,
    summary="Follow a series, topic, site, organisation or speaker: its new events are mailed.",
    description="201 when the follow is new, 200 when it was there already; 404 when no such "
    "row exists.",
    answers={201: (FollowItem, "Followed."), 200: (FollowItem, "Already followed."),
             404: "NotFound"},
)  # fmt: skip
@token_required
def follow():
    body = parse_body(FollowWrite, json_object())
    user = g.api_user
    before = {(f.kind, f.target_id) for f in services.follows_of(user.id)}
    made = services.follow(user.id, body.kind, body.id, now=clock.now())
    item = answer(FollowItem, follow_item(made, user.language, current_settings()))
    db.session.commit()
    return jsonify(item), 200 if (body.kind, body.id) in before else 201


@bp.delete("/me/follows")
@documented(
    id="unfollow", body=FollowWrite,
    summary="Stop following (204 as well when it was not followed).",
    answers={204: (None, "Not followed any more.")},
)  # fmt: skip
@token_required
def unfollow():
    body = parse_body(FollowWrite, json_object())
    services.unfollow(g.api_user.id, [(body.kind, body.id)])
    db.session.commit()
    return Response(status=204)


@bp.patch("/me/follows")
@documented(
    id="chooseFollowMail", body=MailChoice,
    summary="A mail for each new event (`each`), or a weekly digest (`weekly`).",
    answers={200: (Follows, "The follows and the mail choice.")},
)  # fmt: skip
@token_required
def choose_mail():
    body = parse_body(MailChoice, json_object())
    services.choose_digest(g.api_user.id, body.mail == "weekly", now=clock.now())
    data = answer(Follows, follows_data(g.api_user, current_settings()))
    db.session.commit()
    return jsonify(data)
