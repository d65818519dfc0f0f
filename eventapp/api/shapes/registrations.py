"""Registrations and the token owner's profile as the API shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import Field

from eventapp.api.shapes.common import Links
from eventapp.api.types import Id
from eventapp.api.validation import Says, Shape
from eventapp.registrations.models import Registration as RegistrationRow
from eventapp.registrations.notify import position

FEED = (
    "The personal feed's addresses (`/feeds/<lang>/personal/<token>.ics`): the events the "
    "owner has a confirmed place at, with their online links. Only a hash of the secret in the "
    "address is kept, so an address is shown when it is made and never again: `GET /api/v1/me` "
    "makes and shows one on the first call once the owner has registrations (null before, and "
    "null later); `POST /api/v1/me/personal-feed` makes a new one at any time."
)
NOT_SESSION_IDS = _l("Give a list of session ids.")


class SessionChoice(Shape):
    """A chosen session."""

    id: int
    status: Literal["confirmed", "waiting"]


class Registration(Shape):
    """A person's place at an event, or in its queue."""

    id: int
    event: Annotated[int, Field(description="The event's id.")]
    status: Annotated[
        Literal["confirmed", "waiting", "pending", "cancelled"],
        Field(description="`pending`: a guest who has not confirmed the address yet."),
    ]
    position: Annotated[
        int | None,
        Field(ge=1, description="In the waiting list (1 is next); null when not waiting."),
    ]
    attended: Annotated[bool, Field(description="True once checked in.")]
    sessions: list[SessionChoice]

    @classmethod
    def of(cls, reg: RegistrationRow, positions: Mapping[int, int] | None = None) -> dict:
        """A registration in the contract's shape; `positions` (waiting ones' places, by id)
        saves a query per registration when a whole list is shown."""
        place = position(reg) if positions is None else positions.get(reg.id)
        return {
            "id": reg.id, "event": reg.event_id, "status": reg.status, "position": place,
            "attended": reg.attended_at is not None,
            "sessions": [{"id": c.session_id, "status": c.status} for c in reg.sessions],
        }  # fmt: skip


class RegistrationList(Shape):
    """Registrations."""

    items: list[Registration]


class RegistrationRequest(Shape):
    sessions: Annotated[
        list[Id],
        Field(description="Ids of the sessions chosen (those with their own capacity); they "
              "must not overlap."),
        Says(NOT_SESSION_IDS),
    ] = []  # fmt: skip


class Me(Shape):
    id: int
    email: str
    name: str
    affiliation: str | None
    language: Literal["fr", "en"]
    role: Literal["attendee", "organiser", "admin"]
    organisations: list[str]
    personal_feed: Annotated[Links | None, Field(description=FEED)]
