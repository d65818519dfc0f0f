"""Reference data (organisations, venues, series, topics, people) as read and as written.

Written values are checked by `eventapp.reference.services`, the rules the admin screens use too,
so that both refuse the same input with the same messages, every wrong field at once: here the
schema states those rules for the document and checks only the body's shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from eventapp import bounds
from eventapp.api import types as t
from eventapp.api.shapes.common import LocalisedText, NextPage
from eventapp.api.types import WrittenPair, computed
from eventapp.api.validation import Dotted, Says, Shape

NOT_PAIR = _l('Give an object such as {"fr": "…", "en": "…"}.')


def _text(max_length: int, *, nullable: bool = False, required: bool = False) -> Any:
    schema: dict[str, Any] = {"type": ["string", "null"] if nullable else "string"}
    if required:  # more than spaces
        schema.update(minLength=1, pattern=r"\S")
    return Annotated[
        Any, WithJsonSchema({**schema, "maxLength": max_length}), AfterValidator(t.no_nul)
    ]


def _pair_input(max_length: int, *, written: bool = False) -> Any:
    model = create_model(
        f"LocalisedText{'Written' if written else 'Input'}{max_length}",
        __base__=WrittenPair if written else Dotted,
        __doc__="Only the languages given change; at least one of the two must be written.",
        fr=(_text(max_length, nullable=True), None),
        en=(_text(max_length, nullable=True), None),
    )
    return Annotated[model | None, Says(NOT_PAIR)]


class Organisation(Shape):
    id: int
    slug: str
    name: LocalisedText
    url: Annotated[str | None, Field(json_schema_extra={"format": "uri"})]
    site: str


class VenueRecord(Shape):
    id: int
    name: LocalisedText
    address: str
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


class Person(Shape):
    id: int
    name: str
    affiliation: str | None


Name = _pair_input(bounds.MAX_NAME)
Slug = t.by_service(t.Slug)


class OrganisationInput(Shape):
    id: Any = computed()
    slug: Slug = None
    name: Name = None
    url: t.by_service(t.WebUrl) = None
    site: t.by_service(t.SiteSlug) = None


class VenueRecordInput(Shape):
    id: Any = computed()
    name: Name = None
    address: _text(bounds.MAX_ADDRESS, required=True) = None
    site: t.by_service(t.SiteSlug) = None
    capacity: t.by_service(t.Count) = None


class SeriesInput(Shape):
    id: Any = computed()
    slug: Slug = None
    title: Name = None
    description: _pair_input(bounds.MAX_TEXT) = None
    site: t.by_service(t.SiteSlug | None) = None


class TopicInput(Shape):
    id: Any = computed()
    slug: Slug = None
    name: Name = None


class PersonInput(Shape):
    id: Any = computed()
    name: _text(bounds.MAX_NAME, required=True) = None
    affiliation: _text(bounds.MAX_AFFILIATION, nullable=True) = None


def _needs(*names: str) -> ConfigDict:
    """A new row's fields the service refuses it without, or null (said for the document)."""

    def extra(schema: dict, _model: Any) -> None:
        schema["required"] = list(names)
        for name in names:
            options = schema["properties"][name].pop("anyOf", None)
            if options:  # a text in two languages, `$ref` or null: not null
                schema["properties"][name].update(next(o for o in options if "$ref" in o))

    return ConfigDict(json_schema_extra=extra)


WrittenName = _pair_input(bounds.MAX_NAME, written=True)


class NewOrganisation(OrganisationInput):
    model_config = _needs("slug", "name", "site")
    name: WrittenName = None


class NewVenue(VenueRecordInput):
    model_config = _needs("name", "address", "site")
    name: WrittenName = None


class NewSeries(SeriesInput):
    model_config = _needs("slug", "title")
    title: WrittenName = None


class NewTopic(TopicInput):
    model_config = _needs("slug", "name")
    name: WrittenName = None


class NewPerson(PersonInput):
    model_config = _needs("name")


def page_of(model: type[BaseModel]) -> type[BaseModel]:
    """One page of a list of `model`."""
    return create_model(
        f"{model.__name__}List",
        __base__=Shape,
        items=(list[model], ...),
        total=(Annotated[int, Field(ge=0)], ...),
        next=(NextPage, ...),
    )
