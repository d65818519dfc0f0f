"""Everything held about the token's owner (`GET /api/v1/me/export`), and deleting the account."""

from __future__ import annotations

from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import Field

from eventapp.api.shapes.common import Uri
from eventapp.api.shapes.events import Instant
from eventapp.api.shapes.follows import Follows
from eventapp.api.validation import Says, Shape

When = Instant | None
STATUS = Literal["pending", "confirmed", "waiting", "cancelled"]


class ExportProfile(Shape):
    email: str
    name: str
    affiliation: str | None
    language: Literal["fr", "en"]
    role: Literal["attendee", "organiser", "admin"]
    organisations: Annotated[list[str], Field(description="Slugs of the organisations.")]
    created_at: Instant
    confirmed_at: When


class ExportEvent(Shape):
    id: int
    title: str
    start: Instant
    url: Uri


class ExportSession(Shape):
    id: int
    title: str
    status: Literal["confirmed", "waiting"]


class ExportChange(Shape):
    at: Instant
    what: Annotated[
        Literal["pending", "confirmed", "waiting", "cancelled", "attended", "not-attended"],
        Field(description="A new status, or a check-in at the door and its undoing."),
    ]


class ExportRegistration(Shape):
    id: int
    event: ExportEvent
    status: STATUS
    sessions: list[ExportSession]
    created_at: Instant
    consent_at: When
    confirmed_at: When
    cancelled_at: When
    attended: bool
    attended_at: When
    history: Annotated[list[ExportChange], Field(description="Oldest first.")]


class ExportConsent(Shape):
    registration: int
    event: int
    given_at: Instant


class ExportToken(Shape):
    """An API token's dates; never its secret, which is not kept."""

    id: int
    created_at: Instant
    last_used_at: When
    revoked_at: When


class ExportMail(Shape):
    """A message sent (or to send) to the owner's address; its body is not part of the export."""

    subject: str
    created_at: Instant
    sent_at: When
    status: Literal["sent", "pending", "failed"]


class Export(Shape):
    """Everything held about the token's owner."""

    profile: ExportProfile
    registrations: list[ExportRegistration]
    consents: Annotated[
        list[ExportConsent], Field(description="Consents given on the form without an account.")
    ]
    api_tokens: list[ExportToken]
    personal_feed: Annotated[bool, Field(description="True when a personal feed address exists.")]
    follows: Follows
    mail: list[ExportMail]


class DeleteMe(Shape):
    password: Annotated[
        str,
        Field(min_length=1, max_length=200, description="The account's password, again."),
        Says(_l("Give your password."), missing=_l("Give your password.")),
    ]
