"""Checking people in through the API: `PATCH /api/v1/registrations/<id>` with `attended`."""

from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _

from eventapp.accounts.permissions import may_host
from eventapp.api.auth import token_required
from eventapp.api.openapi import ID, documented
from eventapp.api.shapes.checkin import CheckIn
from eventapp.api.shapes.common import Error
from eventapp.api.shapes.registrants import Registrant
from eventapp.api.validation import answer, json_object, parse_body
from eventapp.api.views import bp, path_id
from eventapp.errors import NotAllowed, NotFound
from eventapp.extensions import clock, db
from eventapp.registrants.checkin import check_in as mark_arrival
from eventapp.registrations.models import Registration
from eventapp.registrations.visibility import may_see


@bp.patch("/registrations/<registration_id>")
@documented(
    id="checkIn", path=(("id", ID, "The registration's id."),), body=CheckIn,
    summary="Check the person in at the door (`attended: true`), or undo it (`false`).",
    description="For the event's hosts and admins (404 for anyone else, as for an unknown id; "
    "403 for the person registered). Checking in someone already checked in keeps "
    "the first check-in (its time and organiser); undoing twice is harmless. Only a confirmed "
    "registration can be checked in: a pending, waiting or cancelled one is a 409 saying why.",
    answers={200: (Registrant, "The registration, checked in or not."), 403: "Forbidden",
             404: "NoRegistration",
             409: (Error, "The registration is not confirmed; the message says what it is.")},
)  # fmt: skip
@token_required
def check_in(registration_id: str):
    number = path_id(registration_id)
    reg = db.session.get(Registration, number) if number else None
    if reg is None or not may_see(g.api_user, reg):
        raise NotFound(_("There is no registration with this id."))
    if not may_host(g.api_user, reg.event.organisations):
        raise NotAllowed(_("Only the event's organisers can check people in."))
    body = parse_body(CheckIn, json_object())
    reg = mark_arrival(
        reg.id, event_id=reg.event_id, attended=body.attended, by=g.api_user, now=clock.now()
    )
    db.session.commit()
    return jsonify(answer(Registrant, Registrant.of(reg)))
