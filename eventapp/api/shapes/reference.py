"""Reference data (organisations, venues, series, topics, people) as read and as written.

Written values are checked by `eventapp.reference.services`, the rules the admin screens use too,
so that both refuse the same input with the same messages, every wrong field at once: here the
schema states those rules for the document and checks only the body's shape.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema, create_model

from eventapp import bounds
from eventapp.api import types as t
from eventapp.api.shapes.common import LocalisedText, Uri
from eventapp.api.types import computed
from eventapp.api.validation import Says, Shape

NOT_PAIR = _l('Give an object such as {"fr": "…", "en": "…"}.')


def _text(max_length: int, *, nullable: bool = False, required: bool = False) -> Any:
    schema: dict[str, Any] = {"type": ["string", "null"] if nullable else "string"}
    if required:  # more than spaces
        schema.update(minLength=1, pattern=r"\S")
    return Annotated[
        Any, WithJsonSchema({**schema, "maxLength": max_length}), AfterValidator(t.no_nul)
    ]


def _pair_input(max_length: int, *, written: bool = False) -> Any:
    name = f"LocalisedText{'Written' if written else 'Input'}{max_length}"
    doc = "Only the languages given change; at least one of the two must be written."
    model = t.pair(name, max_length, doc, written=written, of=partial(_text, nullable=True))
    return Annotated[model | None, Says(NOT_PAIR)]


class Organisation(Shape):
    id: int
    slug: str
    name: LocalisedText
    url: Uri | None
    site: str


class Venue(Shape):
    id: int
    name: LocalisedText
    address: str


class VenueRecord(Venue):
    site: str
    capacity: Annotated[int | None, Field(ge=0)]


class Series(Shape):
    id: int
    slug: str
    title: LocalisedText
    description: LocalisedText
    site: str | None


class Topic(Shape):
    id: int
    slug: str
    name: LocalisedText


class Speaker(Shape):
    """A person of the reference data: a speaker, with their affiliation."""

    id: int
    name: str
    affiliation: str | None

    @classmethod
    def of(cls, person: Any) -> dict:
        return {name: getattr(person, name) for name in cls.model_fields}


def _needs(*names: str) -> ConfigDict:
    """A new row's fields the service refuses it without, or null (said for the document)."""

    def extra(schema: dict, _model: Any) -> None:
        schema["required"] = list(names)
        for name in names:
            options = schema["properties"][name].pop("anyOf", None)
            if options:  # a text in two languages, `$ref` or null: not null
                schema["properties"][name].update(next(o for o in options if "$ref" in o))

    return ConfigDict(json_schema_extra=extra)


Name = _pair_input(bounds.MAX_NAME)
WrittenName = _pair_input(bounds.MAX_NAME, written=True)
Slug = t.by_service(t.Slug)
Site = t.by_service(t.SiteSlug)


def _inputs(name: str, new: str, needs: tuple[str, ...], /, **fields: Any) -> tuple[type, type]:
    """A change of a row (`{name}Input`: only the fields given), and a new row (`new`: `needs`
    are required, a name among them written in at least one language)."""
    given = create_model(
        f"{name}Input",
        __base__=computed("id"),
        **{n: (f, None) for n, f in fields.items()},
    )
    written = {n: WrittenName for n in needs if fields[n] is Name}
    namespace = {"__module__": __name__, "model_config": _needs(*needs)}
    return given, type(
        new, (given,), {**namespace, "__annotations__": written, **dict.fromkeys(written)}
    )


OrganisationInput, NewOrganisation = _inputs(
    "Organisation", "NewOrganisation", ("slug", "name", "site"),
    slug=Slug, name=Name, url=t.by_service(t.WebUrl), site=Site,
)  # fmt: skip
VenueRecordInput, NewVenue = _inputs(
    "VenueRecord", "NewVenue", ("name", "address", "site"),
    name=Name, address=_text(bounds.MAX_ADDRESS, required=True), site=Site,
    capacity=t.by_service(t.Count),
)  # fmt: skip
SeriesInput, NewSeries = _inputs(
    "Series", "NewSeries", ("slug", "title"),
    slug=Slug, title=Name, description=_pair_input(bounds.MAX_TEXT),
    site=t.by_service(t.SiteSlug | None),
)  # fmt: skip
TopicInput, NewTopic = _inputs("Topic", "NewTopic", ("slug", "name"), slug=Slug, name=Name)
PersonInput, NewPerson = _inputs(
    "Person", "NewPerson", ("name",),
    name=_text(bounds.MAX_NAME, required=True),
    affiliation=_text(bounds.MAX_AFFILIATION, nullable=True),
)  # fmt: skip
