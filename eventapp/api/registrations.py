"""Registrations through the API: the token's owner registers, lists and cancels their places."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from eventapp.api.auth import token_required
from eventapp.api.errors import domain_json, json_error
from eventapp.api.views import MAX_ID, bp
from eventapp.events import queries
from eventapp.extensions import clock, db
from eventapp.feeds.tokens import feed_urls, new_feed_token
from eventapp.registrations import mine, services
from eventapp.registrations.models import Registration
from eventapp.registrations.notify import position

EVENT_STATUSES = ("published", "cancelled")


def registration_json(reg: Registration) -> dict:
    """A registration in the contract's shape."""
    return {
        "id": reg.id,
        "event": reg.event_id,
        "status": reg.status,
        "position": position(reg),
        "attended": reg.attended_at is not None,
        "sessions": [{"id": c.session_id, "status": c.status} for c in reg.sessions],
    }


def _chosen_sessions() -> tuple[list[int], str | None]:
    """The session ids the body chooses (none without a body), or why they are refused."""
    if not request.get_data():
        return [], None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return [], _("The body must be a JSON object.")
    ids = body.get("sessions") or []
    valid = isinstance(ids, list) and all(
        isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID for i in ids
    )
    return (ids, None) if valid else ([], _("Give a list of session ids."))


@bp.post("/events/<int:event_id>/registrations")
@token_required
def register(event_id: int):
    user = g.api_user
    event = queries.get_event(event_id, statuses=EVENT_STATUSES) if event_id <= MAX_ID else None
    if event is None:
        return json_error(404, _("There is no event with this id."))
    ids, problem = _chosen_sessions()
    if problem:
        return json_error(400, problem, {"sessions": problem})
    existing = services.find(event, user.email)
    known = existing is not None and existing.status != "cancelled"
    try:
        reg = services.register(event, services.Attendee.of(user), now=clock.now(), session_ids=ids)
    except services.RegistrationError as err:
        db.session.rollback()
        return domain_json(err)
    db.session.commit()
    if known:
        return jsonify(registration_json(reg))
    return jsonify(registration_json(reg)), 201


@bp.get("/me/registrations")
@token_required
def my_registrations():
    regs = mine.all_registrations(g.api_user)
    items = [registration_json(r) for r in regs]
    db.session.commit()  # keeps the token's last use
    return jsonify(items=items)


@bp.delete("/registrations/<int:registration_id>")
@token_required
def cancel(registration_id: int):
    user = g.api_user
    reg = db.session.get(Registration, registration_id) if registration_id <= MAX_ID else None
    if reg is None:
        return json_error(404, _("There is no registration with this id."))
    if mine.owned(user, reg.id) is None:
        return json_error(403, _("This registration is not yours."))
    services.cancel(reg, now=clock.now())
    db.session.commit()
    return "", 204


@bp.post("/me/personal-feed")
@token_required
def new_personal_feed():
    token = new_feed_token(g.api_user, secret=current_app.config["SECRET_KEY"])
    db.session.commit()
    return jsonify(feed_urls(token)), 201
