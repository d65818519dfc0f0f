"""A registration as the event's organisers see it: the person's shape plus who they are."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from eventapp.api.shapes.events import Instant, iso
from eventapp.api.shapes.registrations import Registration
from eventapp.registrations.models import Registration as RegistrationRow


class Registrant(Registration):
    """A registration with the person, and its check-in (times in the event's zone)."""

    name: str
    email: str
    affiliation: str | None
    language: Annotated[str, Field(description="The language their mail is written in.")]
    guest: Annotated[bool, Field(description="True when registered without an account.")]
    created_at: Instant
    attended_at: Annotated[Instant | None, Field(description="When they were checked in.")]
    attended_by: Annotated[str | None, Field(description="Who checked them in (a name).")]

    @classmethod
    def of(cls, reg: RegistrationRow) -> dict:  # type: ignore[override]
        zone = reg.event.site.zone
        marker = reg.attended_by
        return {
            **Registration.of(reg),
            "name": reg.name, "email": reg.email, "affiliation": reg.affiliation,
            "language": reg.language, "guest": reg.user_id is None,
            "created_at": iso(reg.created_at, zone), "attended_at": iso(reg.attended_at, zone),
            "attended_by": (marker.name or marker.email) if marker is not None else None,
        }  # fmt: skip
