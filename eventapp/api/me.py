"""`/api/v1/me`: the token owner's profile, everything held about them, and their erasure."""

from __future__ import annotations

from flask import g, jsonify

from eventapp.accounts.models import User
from eventapp.api.auth import token_required
from eventapp.api.openapi import documented
from eventapp.api.shapes.personal import DeleteMe, Export
from eventapp.api.shapes.registrations import Me
from eventapp.api.validation import answer, json_object, parse_body
from eventapp.api.views import bp
from eventapp.extensions import clock, db
from eventapp.feeds.tokens import feed_token, feed_urls
from eventapp.personal import erasure
from eventapp.personal.export import export_person
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


@bp.get("/me/export")
@documented(
    id="exportMe", summary="Everything held about the token's owner, as JSON.",
    description="The profile, the registrations with their sessions and history of status, the "
    "consents, the API tokens' dates (never their secrets), whether a personal feed exists, and "
    "the mail sent to the owner's address (subject, date and status; not the bodies, which "
    "hold signed links).",
    answers={200: (Export, "The owner's data.")},
)  # fmt: skip
@token_required
def export_me():
    data = answer(Export, export_person(g.api_user, settings=current_settings()))
    db.session.commit()  # keeps the token's last use
    return jsonify(data)


@bp.delete("/me")
@documented(
    id="deleteMe", body=DeleteMe,
    summary="Delete the token owner's account, with the password again.",
    description="Registrations for events still to come are cancelled (their places go to "
    "the people waiting, with the usual mail); past ones are kept without name, address or "
    "affiliation; the tokens, the personal feed and the mail to the address go; one last "
    "message confirms it. 400 without a password, 403 for a wrong one, 409 for the last "
    "administrator.",
    answers={204: (None, "Deleted: the token no longer works."), 403: "WrongPassword",
             409: "LastAdmin"},
)  # fmt: skip
@token_required
def delete_me():
    body = parse_body(DeleteMe, json_object())
    user = g.api_user
    erasure.confirm_password(user, body.password)
    erasure.erase_account(user, now=clock.now(), settings=current_settings())
    db.session.commit()
    return "", 204
