"""Invitations to co-host through the API: the invited organisation's organisers see them, and
accept or decline (the workspace's rule, through the same service)."""

from __future__ import annotations

import re

from flask import Response, g, jsonify
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp import bounds
from eventapp.api.auth import token_required
from eventapp.api.openapi import SLUG, documented
from eventapp.api.shapes.events import Event
from eventapp.api.shapes.invitations import Invitation, Invitations
from eventapp.api.validation import answer
from eventapp.api.views import EVENT_ID, bp, path_id
from eventapp.errors import NotFound
from eventapp.events import hosts, queries
from eventapp.events.models import STATUSES
from eventapp.events.models import Event as EventRow
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation

INVITED = ("organisation", SLUG, "The slug of the invited organisation.")
ANSWERS = {404: "NotFound"}


@bp.get("/me/invitations")
@documented(
    id="listInvitations", summary="The invitations to co-host waiting for the token owner's "
    "organisations.",
    answers={200: (Invitations, "The invitations, soonest event first.")},
)  # fmt: skip
@token_required
def list_invitations():
    items = [Invitation.of(row) for row in hosts.invitations(g.api_user)]
    return jsonify(answer(Invitations, {"items": items}))


def _invitation(event_id: str, slug: str) -> tuple[EventRow, Organisation]:
    """The event and organisation of the path; NotFound when either does not exist (whether
    the invitation exists is the service's to say)."""
    number = path_id(event_id)
    event = db.session.get(EventRow, number) if number else None
    valid = len(slug) <= bounds.MAX_SLUG and re.fullmatch(bounds.SLUG_PATTERN, slug)
    found = (
        db.session.scalar(select(Organisation).where(Organisation.slug == slug)) if valid else None
    )
    if event is None or found is None:
        raise NotFound(_("There is no such invitation."))
    return event, found


@bp.post("/events/<event_id>/invitations/<organisation>/accept")
@documented(
    id="acceptInvitation", path=(EVENT_ID, INVITED),
    summary="Accept an invitation to co-host: the organisation shows as a host, and its "
    "organisers may edit the event.",
    description="For the invited organisation's organisers and admins; for anyone else, as for "
    "an invitation that does not exist, a 404. Accepting again changes nothing.",
    answers={200: (Event, "The event as read, with its new host."), **ANSWERS},
)  # fmt: skip
@token_required
def accept_invitation(event_id: str, organisation: str):
    event, invited = _invitation(event_id, organisation)
    hosts.accept(event, invited, actor=g.api_user, now=clock.now())
    db.session.commit()
    return jsonify(answer(Event, Event.of(queries.get_event(event.id, statuses=STATUSES))))


@bp.post("/events/<event_id>/invitations/<organisation>/decline")
@documented(
    id="declineInvitation", path=(EVENT_ID, INVITED),
    summary="Decline an invitation to co-host: it is gone, and nothing public changes.",
    description="For the invited organisation's organisers and admins (404 for anyone else). "
    "Declining what is gone already changes nothing; an organisation that accepted cannot "
    "decline (409): the event's hosts may remove it.",
    answers={204: (None, "The invitation is declined."), **ANSWERS, 409: "Conflict"},
)  # fmt: skip
@token_required
def decline_invitation(event_id: str, organisation: str):
    event, invited = _invitation(event_id, organisation)
    hosts.decline(event, invited, actor=g.api_user, now=clock.now())
    db.session.commit()
    return Response(status=204)
