"""Shapes every part of the API uses: texts in two languages, links, errors, pages."""

from __future__ import annotations

from typing import Annotated

from flask import current_app
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, create_model

from eventapp import bounds
from eventapp.api.validation import Says, Shape

Uri = Annotated[str, Field(json_schema_extra={"format": "uri"})]
NextPage = Annotated[
    Uri | None, Field(description="The next page, with the same filters; null on the last page.")
]


class LocalisedText(Shape):
    """A human-written text in French and English; null where not written."""

    fr: str | None
    en: str | None


class Links(Shape):
    """Absolute links, in French and in English."""

    fr: Uri
    en: Uri


class ErrorDetail(Shape):
    model_config = ConfigDict(json_schema_extra={"x-inline": True})

    message: str
    fields: dict[str, str] = Field(description="A message per refused field or parameter.")


class Error(Shape):
    """An error; messages follow `Accept-Language`."""

    error: ErrorDetail


class Health(Shape):
    status: Annotated[str, Field(json_schema_extra={"enum": ["ok", "unavailable"]})]
    database: bool


PAGE_MESSAGE = _l("The page number must be a whole number from 1.")
PER_PAGE_MESSAGE = _l("Give a whole number from 1 to %(n)d.", n=bounds.MAX_PER_PAGE)


def _default_page_size(schema: dict) -> None:
    schema.pop("anyOf", None)
    schema.update(type="integer", minimum=1, maximum=bounds.MAX_PER_PAGE)
    schema["default"] = current_app.config["API_PER_PAGE"]


class PageQuery(BaseModel):
    """`page` and `per_page` of a list."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    page: Annotated[int, Field(ge=1, le=bounds.MAX_PAGE), Says(PAGE_MESSAGE)] = 1
    per_page: Annotated[
        int | None,
        Field(ge=1, le=bounds.MAX_PER_PAGE, json_schema_extra=_default_page_size),
        Says(PER_PAGE_MESSAGE),
    ] = None

    def size(self) -> int:
        return self.per_page or current_app.config["API_PER_PAGE"]


def page_of(model: type[BaseModel], doc: str | None = None) -> type[BaseModel]:
    """One page of a list of `model`."""
    return create_model(
        f"{model.__name__}List",
        __base__=Shape,
        __doc__=doc,
        items=(list[model], ...),
        total=(Annotated[int, Field(ge=0)], ...),
        next=(NextPage, ...),
    )
