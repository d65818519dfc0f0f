"""The API's field types: a JSON type, its bounds (from `eventapp.bounds`) and its messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    WithJsonSchema,
    create_model,
)

from eventapp import bounds
from eventapp.api.validation import Dotted, Says, Shape, refuse
from eventapp.events.models import DELIVERY_LANGUAGES, KINDS, STATUSES

SITES = ("paris-saclay", "oxford", "cambridge")  # the contract's three, read-only

NOT_TEXT = _l("Give a text.")
NUL_IN_TEXT = bounds.NUL_IN_TEXT
NOT_PAIR = _l('Give {"fr": ..., "en": ...}, each a text or null.')
NOT_BOOLEAN = _l("Give true or false.")
NOT_COUNT = _l("Give a whole number from 0 to %(n)d, or null.", n=bounds.MAX_INT)
NOT_ID = _l("Give an id, or null.")
NOT_SLUGS = _l("Give a list of slugs.")
NOT_IDS = _l("Give a list of ids.")
NOT_MOMENT = _l(
    "Give an ISO 8601 date-time, such as 2027-03-26T14:00 (the site's local time) "
    "or 2027-03-26T14:00+01:00."
)
NOT_STATUS = _l("Choose draft, published or cancelled.")
TITLE_MISSING = _l("Give a title in French or in English (or both).")

# ISO 8601 as the API reads it: a date, or a date-time with or without an offset.
MOMENT = (
    r"^(19|2[0-9])[0-9]{2}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)"
    r"|(0[13578]|1[02])-31|02-29)"
    r"([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-][01][0-9]:[0-5][0-9])?)?$"
)


WEB_URL = {"format": "uri", "pattern": bounds.URL_PATTERN}  # said here, checked by _web_url


def no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise refuse(NUL_IN_TEXT)
    return value


def _year_first(value: Any) -> Any:
    """A year out of range says so, rather than that the text is no date-time."""
    year = re.match(r"^([0-9]{4})-", value) if isinstance(value, str) else None
    if year and (message := bounds.year_error(date(int(year[1]), 1, 1))):
        raise refuse(message)
    return value


def _moment(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise refuse(NOT_MOMENT) from None
    if message := bounds.year_error(parsed):
        raise refuse(message)
    return parsed


def _web_url(value: str | None) -> str | None:
    if value is not None and not bounds.is_web_url(value):
        raise refuse(bounds.NOT_WEB_URL)
    return value


def text(max_length: int, *, nullable: bool = True) -> Any:
    """A text of at most `max_length` characters, without NUL (or null)."""
    return Annotated[
        str | None if nullable else str,
        Field(max_length=max_length),
        AfterValidator(no_nul),
        Says(NOT_TEXT, string_too_long=bounds.too_long(max_length)),
    ]


def one_written(*names: str) -> dict:
    """JSON Schema for the services' rule that at least one of `names` holds more than spaces."""
    texts = [
        {"required": [n], "properties": {n: {"type": "string", "pattern": r"\S"}}} for n in names
    ]
    return {"anyOf": texts}


class WrittenPair(Dotted):
    """A pair of which at least one language must be written (the service says so if not)."""

    model_config = ConfigDict(json_schema_extra=one_written("fr", "en"))


def pair(
    name: str, max_length: int, description: str, *, written: bool = False, of: Callable = text
) -> type[Dotted]:
    """`{"fr", "en"}` as written: a language left out keeps its text, null clears it; each
    language is `of(max_length)`."""
    texts = dict.fromkeys(("fr", "en"), (of(max_length), None))
    return create_model(
        name, __base__=WrittenPair if written else Dotted, __doc__=description, **texts
    )


Moment = Annotated[
    str,
    Field(pattern=MOMENT, examples=["2027-03-26T14:00"]),
    BeforeValidator(_year_first),
    AfterValidator(_moment),
    Says(NOT_MOMENT),
]
Count = Annotated[
    int | None,
    Field(ge=0, le=bounds.MAX_INT),
    Says(NOT_COUNT, greater_than_equal=bounds.NEGATIVE, less_than_equal=bounds.TOO_LARGE),
]
Id = Annotated[int, Field(ge=1, le=bounds.MAX_INT)]
Slug = Annotated[str, Field(pattern=bounds.SLUG_PATTERN, max_length=bounds.MAX_SLUG)]
WebUrl = Annotated[
    str | None,
    Field(max_length=bounds.MAX_URL, json_schema_extra=WEB_URL),
    AfterValidator(_web_url),
    Says(NOT_TEXT, string_too_long=bounds.too_long(bounds.MAX_URL)),
]
Kind = Annotated[Literal[KINDS], Says(_l("Choose a type."))]  # type: ignore[valid-type]
Language = Annotated[Literal[DELIVERY_LANGUAGES], Says(_l("Choose a language."))]  # type: ignore[valid-type]
Status = Annotated[Literal[STATUSES], Says(NOT_STATUS)]  # type: ignore[valid-type]
SiteSlug = Annotated[Literal[SITES], Says(_l("Choose a site."))]  # type: ignore[valid-type]
Boolean = Annotated[bool, Says(NOT_BOOLEAN)]


class Ref(BaseModel):
    """Something shown as an object with an id (a venue, a speaker), written back as read."""

    model_config = ConfigDict(strict=True, extra="ignore", title="Reference")
    id: Id


def _id_of(value: Any) -> Any:
    if isinstance(value, Ref):
        return value.id
    if isinstance(value, list):
        return [_id_of(v) for v in value]
    return value


IdOrRef = Annotated[Id | Ref | None, AfterValidator(_id_of), Says(NOT_ID)]
Speakers = Annotated[list[Id | Ref], AfterValidator(_id_of), Says(NOT_IDS)]
Slugs = Annotated[list[Slug], Says(NOT_SLUGS)]


def by_service(kind: Any) -> Any:
    """A value documented as `kind` but taken as it comes: a service checks it (its messages)."""
    return Annotated[Any, WithJsonSchema(TypeAdapter(kind).json_schema())]


def computed(*names: str) -> type[Shape]:
    """A base of fields the API shows but computes: accepted, so what was read is written back,
    ignored."""
    read_only = {"json_schema_extra": {"readOnly": True}, "description": "Computed: ignored."}
    fields: Any = {name: (Any, Field(None, **read_only)) for name in names}
    return create_model("Computed", __base__=Shape, **fields)
