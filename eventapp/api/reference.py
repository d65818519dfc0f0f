"""Reference data through the API: anyone reads it (public pages show it); admins write it.

Writing calls the same services as the admin screens, so both refuse the same input alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import jsonify, request, url_for
from pydantic import BaseModel
from sqlalchemy import func, select

from eventapp.api.auth import admin_token_required
from eventapp.api.errors import json_error
from eventapp.api.openapi import ID, SLUG, documented
from eventapp.api.shapes import reference as ref
from eventapp.api.shapes.common import PageQuery, page_of
from eventapp.api.shapes.events import SpeakerDetail
from eventapp.api.validation import Invalid, answer, parse_body, parse_query, service_values
from eventapp.api.views import bp, next_page, path_id
from eventapp.events import queries
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.reference import services
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue

WRITE_NOTE = (
    "Admins only (a bearer token of an admin account). Computed fields (`id`) are ignored, any "
    'other unknown property is refused; a bilingual field is an object `{"fr", "en"}`, and at '
    "least one of the two must be written. Slugs are lower-case letters, digits and hyphens, "
    "unique, and never change once a published or cancelled event uses them (there is no "
    "redirect: a change is refused)."
)


@dataclass(frozen=True)
class Resource:
    """One kind of reference data as the API shows it."""

    name: str  # the path segment and the endpoints' prefix
    row: type
    shape: type[BaseModel]
    given: type[BaseModel]  # a change
    new: type[BaseModel]  # a new row
    save: Callable[..., Any]
    key: str  # "slug" or "id": what names one row in its URL
    pairs: tuple[str, ...]  # bilingual fields, shown as {"fr": ..., "en": ...}
    order: Any
    one: str  # the operations' names
    many: str
    about: str
    # What reading one row shows beyond `shape` (a speaker's events): the shape and its values.
    detail: type[BaseModel] | None = None
    detail_of: Callable[[Any], dict] | None = None

    @property
    def plain(self) -> tuple[str, ...]:
        return tuple(n for n in self.shape.model_fields if n != "id" and n not in self.pairs)

    def to_json(self, obj: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"id": obj.id}
        for name in self.plain:
            value = getattr(obj, name)
            body[name] = (value.slug if value else None) if name == "site" else value
        body.update({name: obj.pair(name) for name in self.pairs})
        return answer(self.shape, body)

    def values(self, obj: Any | None) -> dict[str, Any]:
        """The service's arguments for `obj` as it is (all None for a new row)."""
        names = [*self.plain, *(f"{p}_{lang}" for p in self.pairs for lang in LANGUAGES)]
        if obj is None:
            return dict.fromkeys(names)
        current = {name: getattr(obj, name) for name in names}
        if "site" in current:
            current["site"] = obj.site.slug if obj.site else None
        return current


RESOURCES = {
    r.name: r
    for r in (
        Resource("organisations", Organisation, ref.Organisation, ref.OrganisationInput,
                 ref.NewOrganisation, services.save_organisation, "slug", ("name",),
                 Organisation.slug, "Organisation", "Organisations",
                 "Organisations that host events, each at a site."),
        Resource("venues", Venue, ref.VenueRecord, ref.VenueRecordInput, ref.NewVenue,
                 services.save_venue,
                 "id", ("name",), Venue.id, "Venue", "Venues",
                 "Rooms and their address at a site."),
        Resource("series", Series, ref.Series, ref.SeriesInput, ref.NewSeries,
                 services.save_series, "slug",
                 ("title", "description"), Series.slug, "Series", "SeriesList",
                 "Recurring seminar series."),
        Resource("topics", Topic, ref.Topic, ref.TopicInput, ref.NewTopic,
                 services.save_topic, "slug",
                 ("name",), Topic.slug, "Topic", "Topics", "Subjects events are filed under."),
        Resource("people", Person, ref.Speaker, ref.PersonInput, ref.NewPerson,
                 services.save_person, "id", (),
                 Person.name, "Person", "People", "Speakers, with their affiliation.",
                 SpeakerDetail, lambda p: SpeakerDetail.of(p, queries.speaker_events(p.id))),
    )
}  # fmt: skip


def _merge(resource: Resource, obj: Any | None, body: BaseModel) -> dict:
    """The service's arguments: the row's values overlaid with the body's."""
    return {**resource.values(obj), **service_values(body, resource.plain, resource.pairs)}


def _find(resource: Resource, key: str) -> Any | None:
    if resource.key == "slug":
        return db.session.scalar(select(resource.row).where(resource.row.slug == key))
    number = path_id(key)
    return db.session.get(resource.row, number) if number else None


def list_items(resource: Resource):
    query = parse_query(PageQuery, request.args)
    page, size = query.page, query.size()
    rows = select(resource.row).order_by(resource.order, resource.row.id)
    total = db.session.scalar(select(func.count()).select_from(resource.row)) or 0
    items = db.session.scalars(rows.limit(size).offset((page - 1) * size)).all()
    next_url = next_page(f"api.{resource.name}_list", {}, page, size, total)
    return jsonify(items=[resource.to_json(o) for o in items], total=total, next=next_url)


def get_item(resource: Resource, key: str):
    obj = _find(resource, key)
    if obj is None:
        return json_error(404)
    if resource.detail is not None and resource.detail_of is not None:
        return jsonify(answer(resource.detail, resource.detail_of(obj)))
    return jsonify(resource.to_json(obj))


def save_item(resource: Resource, key: str | None = None):
    obj = None if key is None else _find(resource, key)
    if key is not None and obj is None:
        return json_error(404)
    try:
        body = parse_body(
            resource.new if obj is None else resource.given, request.get_json(silent=True)
        )
    except Invalid as err:  # said as the services say it: the first refused field's message
        err.message = next(iter(err.fields.values()), err.message)
        raise
    obj = resource.save(obj, **_merge(resource, obj, body))
    db.session.commit()
    if key is not None:
        return jsonify(resource.to_json(obj))
    url = url_for(f"api.{resource.name}_get", key=getattr(obj, resource.key))
    return jsonify(resource.to_json(obj)), 201, {"Location": url}


def _view(view: Callable, resource: Resource, name: str, operation: dict) -> Callable:
    """`view` bound to `resource`, under its own name (Flask-Limiter keys views by name); only
    admins write."""

    def bound(**kwargs):
        return view(resource, **kwargs)

    bound.__name__ = bound.__qualname__ = name
    writes = "body" in operation
    return documented(**operation)(admin_token_required(bound) if writes else bound)


def _register(r: Resource) -> None:
    """The four routes of `r`, each with what the document says of it."""
    key = ((r.key, ID if r.key == "id" else SLUG, f"The entry's {r.key}."),)
    saved = (r.shape, "The entry as saved.")
    routes = (
        ("list", "", "GET", list_items, {
            "id": f"list{r.many}", "summary": f"{r.about} Public: no token needed.",
            "query": PageQuery,
            "answers": {200: (page_of(r.shape), f"One page of {r.name}."),
                        400: "BadRequest"}}),
        ("create", "", "POST", save_item, {
            "id": f"create{r.one}", "summary": "Create an entry.", "description": WRITE_NOTE,
            "body": r.new,
            "answers": {201: saved, 403: "Forbidden"},
            "headers": {201: {"Location": {"schema": {"type": "string"}}}}}),
        ("get", "/<key>", "GET", get_item, {
            "id": f"get{r.one}", "summary": "One entry. Public: no token needed.", "path": key,
            "answers": {200: (r.detail or r.shape, "The entry."), 404: "NoEntry"}}),
        ("update", "/<key>", "PATCH", save_item, {
            "id": f"update{r.one}", "summary": "Change (only the properties given) an entry.",
            "path": key, "description": WRITE_NOTE, "body": r.given,
            "answers": {200: saved, 403: "Forbidden", 404: "NoEntry"}}),
    )  # fmt: skip
    for suffix, path, method, view, operation in routes:
        name = f"{r.name}_{suffix}"
        bound = _view(view, r, name, operation)
        bp.add_url_rule(f"/{r.name}{path}", name, bound, methods=[method])


for _r in RESOURCES.values():
    _register(_r)
