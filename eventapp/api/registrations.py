"""Registrations through the API: the token's owner registers, lists and cancels their places."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from eventapp.api.auth import token_required
from eventapp.api.errors import json_error
from eventapp.api.openapi import ID, documented
from eventapp.api.shapes.common import Links
from eventapp.api.shapes.registrations import (
    FEED,
    Registration,
    RegistrationList,
    RegistrationRequest,
)
from eventapp.api.validation import Invalid, answer, parse_body
from eventapp.api.views import EVENT_ID, bp, path_id
from eventapp.events import queries
from eventapp.extensions import clock, db
from eventapp.feeds.tokens import feed_urls, new_feed_token
from eventapp.registrations import mine, services
from eventapp.registrations.models import Registration as RegistrationRow
from eventapp.registrations.visibility import may_see
from eventapp.settings import current_settings


def registration_json(reg: RegistrationRow) -> dict:
    """A registration in the contract's shape."""
    return answer(Registration, Registration.of(reg))


def _chosen_sessions() -> tuple[list[int], str | None]:
    """The session ids the body chooses (none without a body), or why they are refused."""
    if not request.get_data():
        return [], None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return [], _("The body must be a JSON object.")
    try:
        return parse_body(RegistrationRequest, body).sessions, None
    except Invalid as err:
        return [], next(iter(err.fields.values()))


@bp.post("/events/<event_id>/registrations")
@documented(
    id="register", path=(EVENT_ID,), body=RegistrationRequest, body_required=False,
    summary="Register the token's owner for the event, optionally choosing sessions.",
    description="A full event is not an error: the answer says `waiting`, with the position. "
    "Already registered: 200 with the registration as it is. Overlapping or unknown sessions: "
    "400. Registration not open yet, closed, over, or not taken: 409.",
    answers={201: (Registration, "Registered: confirmed or waiting."),
             200: (Registration, "Already registered: the registration."),
             400: "InvalidChoice", 404: "NotFound", 409: "RegistrationRefused"},
)  # fmt: skip
@token_required
def register(event_id: str):
    user, number = g.api_user, path_id(event_id)
    ids, problem = _chosen_sessions()  # read before the event's lock is taken
    # Read under the lock register_outcome needs, as it takes it: one read of the event.
    event = services.event_to_register(number, queries.VISIBLE) if number else None
    if event is None:
        return json_error(404, _("There is no event with this id."))
    if problem:
        return json_error(400, problem, {"sessions": problem})
    done = services.register_outcome(
        event, services.Attendee.of(user), now=clock.now(), settings=current_settings(),
        session_ids=ids,
    )  # fmt: skip
    reg = done.registration
    counted = done.position is not None or reg.status != "waiting"
    # Shown as written, before the commit expires it: no second read of what was just written.
    body = answer(Registration, Registration.of(reg, {reg.id: done.position} if counted else None))
    db.session.commit()
    return jsonify(body), 201 if done.new else 200


@bp.get("/me/registrations")
@documented(
    id="listMyRegistrations",
    summary="The token owner's registrations, cancelled ones included.",
    answers={200: (RegistrationList, "In the order of the events.")},
)  # fmt: skip
@token_required
def my_registrations():
    regs = mine.all_registrations(g.api_user)
    items = [registration_json(r) for r in regs]
    db.session.commit()  # keeps the token's last use
    return jsonify(items=items)


@bp.delete("/registrations/<registration_id>")
@documented(
    id="cancelRegistration", path=(("id", ID, "The registration's id."),),
    summary="Give the place (or the waiting-list place) back.",
    description="The first person waiting gets the place. Cancelling again is harmless. "
    "Someone else's registration is a 404, as an unknown id is (403 for the event's hosts).",
    answers={204: (None, "Cancelled."), 403: "NotYours", 404: "NoRegistration"},
)  # fmt: skip
@token_required
def cancel(registration_id: str):
    user, number = g.api_user, path_id(registration_id)
    reg = db.session.get(RegistrationRow, number) if number else None
    if reg is None or not may_see(user, reg):
        return json_error(404, _("There is no registration with this id."))
    if mine.owned(user, reg.id) is None:  # the event's hosts see it, but it is not theirs
        return json_error(403, _("This registration is not yours."))
    services.cancel(reg, now=clock.now(), settings=current_settings())
    db.session.commit()
    return "", 204


@bp.post("/me/personal-feed")
@documented(
    id="newPersonalFeed", description=FEED,
    summary="Make a new personal feed address; the previous one stops working.",
    answers={201: (Links, "The new addresses, shown this once.")},
)  # fmt: skip
@token_required
def new_personal_feed():
    token = new_feed_token(g.api_user, secret=current_app.config["SECRET_KEY"])
    db.session.commit()
    return jsonify(feed_urls(token, settings=current_settings())), 201
