"""A registration as the event's organisers see it: the person's shape plus who they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import Field, field_validator

from eventapp import bounds
from eventapp.api.shapes.common import PageQuery, page_of
from eventapp.api.shapes.events import Instant, iso
from eventapp.api.shapes.registrations import Registration
from eventapp.api.validation import Says, refuse
from eventapp.registrants.queries import RegistrantFilters
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
    def of(cls, reg: RegistrationRow, positions: Mapping[int, int] | None = None) -> dict:
        zone = reg.event.site.zone
        marker = reg.attended_by
        return {
            **Registration.of(reg, positions),
            "name": reg.name, "email": reg.email, "affiliation": reg.affiliation,
            "language": reg.language, "guest": reg.user_id is None,
            "created_at": iso(reg.created_at, zone), "attended_at": iso(reg.attended_at, zone),
            "attended_by": (marker.name or marker.email) if marker is not None else None,
        }  # fmt: skip


STATUS_MESSAGE = _l("Give statuses among confirmed, pending, waiting and cancelled.")
SESSION_MESSAGE = _l("Give the id of one of the event's sessions.")
QUERY_MESSAGE = _l("Give at most %(n)d characters.", n=bounds.MAX_QUERY)
LANG_MESSAGE = _l("Give fr or en.")
RegistrantList = page_of(
    Registrant, "One page of an event's registrations, in the order they came."
)


def _an_id(schema: dict) -> None:
    """Documented as the integer it is when given (a query string has no null)."""
    schema.pop("anyOf", None)
    schema.update(type="integer", minimum=1, maximum=bounds.MAX_INT)


class RegistrantQuery(PageQuery):
    """The registrants' list filters (as on the workspace page), and the page."""

    status: Annotated[
        list[Literal["confirmed", "pending", "waiting", "cancelled"]],
        Field(description="Only these statuses; repeat the parameter for several (all when "
              "absent).", json_schema_extra={"style": "form", "explode": True}),
        Says(STATUS_MESSAGE),
    ] = []  # fmt: skip
    session: Annotated[
        int | None,
        Field(
            ge=1,
            le=bounds.MAX_INT,
            description="Only those who chose this session (its id).",
            json_schema_extra=_an_id,
        ),
        Says(SESSION_MESSAGE),
    ] = None
    q: Annotated[
        str,
        Field(max_length=bounds.MAX_QUERY,
              description="Words to find in the name or the address, blind to case and accents."),
        Says(QUERY_MESSAGE),
    ] = ""  # fmt: skip

    @field_validator("q")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if bounds.nul_error(value):
            raise refuse(bounds.nul_error(value))
        return value

    def filters(self) -> RegistrantFilters:
        return RegistrantFilters(tuple(self.status), self.session, self.q.strip())

    def as_args(self) -> dict:
        """The filters as query arguments, for the link to the next page."""
        args = {"status": self.status, "session": self.session, "q": self.q}
        return {name: value for name, value in args.items() if value}


class RegistrantCsvQuery(RegistrantQuery):
    """The same filters, every matching registration, and the language of the file."""

    lang: Annotated[
        Literal["fr", "en"],
        Field(description="The file's language: `fr` (`;` between cells) or `en` (`,`)."),
        Says(LANG_MESSAGE),
    ] = "en"
