"""Invitations to co-host as the API shows them to the invited organisation's organisers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from eventapp.api.shapes.common import LocalisedText
from eventapp.api.shapes.events import Instant, iso
from eventapp.api.validation import Shape
from eventapp.events.hosts import Invitation as InvitationRow


class Invitation(Shape):
    """An organisation invited to co-host an event: it shows as a host, and its organisers may
    edit the event, only once one of them accepts."""

    event: Annotated[int, Field(description="The event's id.")]
    title: LocalisedText
    start: Instant
    status: Annotated[Literal["draft", "published"], Field(description="The event's status.")]
    organisation: Annotated[str, Field(description="The slug of the invited organisation.")]
    hosts: Annotated[list[str], Field(description="Slugs of the hosts who invite it.")]

    @classmethod
    def of(cls, row: InvitationRow) -> dict:
        event, slug = row.event, row.organisation.slug
        return {
            "event": event.id, "title": event.pair("title"),
            "start": iso(event.start_at, event.zone), "status": event.status, "organisation": slug,
            "hosts": [o.slug for o in row.hosts],
        }  # fmt: skip


class Invitations(Shape):
    """The invitations waiting for the token owner's organisations, soonest event first."""

    items: list[Invitation]
