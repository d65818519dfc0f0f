"""Reference data through the API: anyone reads it (public pages show it); admins write it.

Writing calls the same services as the admin screens, so both refuse the same input alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from eventapp.api.auth import admin_token_required
from eventapp.api.errors import json_error
from eventapp.api.views import MAX_ID, _pagination, bp
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.reference import services
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue
from eventapp.urls import absolute


@dataclass(frozen=True)
class Resource:
    """One kind of reference data as the API shows it."""

    name: str  # the path segment and the endpoints' prefix
    model: type
    save: Callable[..., Any]
    key: str  # "slug" or "id": what names one row in its URL
    pairs: tuple[str, ...]  # bilingual fields, shown as {"fr": ..., "en": ...}
    plain: tuple[str, ...]  # other fields, shown as they are ("site" as the site's slug)
    order: Any

    def to_json(self, obj: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"id": obj.id}
        for name in self.plain:
            value = getattr(obj, name)
            body[name] = (value.slug if value else None) if name == "site" else value
        body.update({name: obj.pair(name) for name in self.pairs})
        return body

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
        Resource("organisations", Organisation, services.save_organisation, "slug",
                 ("name",), ("slug", "url", "site"), Organisation.slug),
        Resource("venues", Venue, services.save_venue, "id",
                 ("name",), ("address", "site", "capacity"), Venue.id),
        Resource("series", Series, services.save_series, "slug",
                 ("title", "description"), ("slug", "site"), Series.slug),
        Resource("topics", Topic, services.save_topic, "slug", ("name",), ("slug",), Topic.slug),
        Resource("people", Person, services.save_person, "id",
                 (), ("name", "affiliation"), Person.name),
    )
}  # fmt: skip


def _merge(resource: Resource, obj: Any | None, body: Any) -> tuple[dict, dict[str, str]]:
    """The service's arguments: the row's values overlaid with the body's (unknown keys ignored)."""
    if not isinstance(body, dict):
        return {}, {"": _("Send a JSON object.")}
    values, errors = resource.values(obj), {}
    for name in resource.plain:
        if name in body:
            values[name] = body[name]
    for name in resource.pairs:
        given = body.get(name)
        if name not in body or given is None:
            continue
        if not isinstance(given, dict):
            errors[name] = _('Give an object such as {"fr": "…", "en": "…"}.')
            continue
        for lang in LANGUAGES:
            if lang in given:
                values[f"{name}_{lang}"] = given[lang]
    return values, errors


def _field_name(resource: Resource, field: str) -> str:
    """The API's name of a service's field: `name_fr` is `name.fr`."""
    for name in resource.pairs:
        for lang in LANGUAGES:
            if field == f"{name}_{lang}":
                return f"{name}.{lang}"
    return field


def _find(resource: Resource, key: str) -> Any | None:
    if resource.key == "slug":
        return db.session.scalar(select(resource.model).where(resource.model.slug == key))
    if key.isascii() and key.isdigit() and 0 < int(key) <= MAX_ID:
        return db.session.get(resource.model, int(key))
    return None


def list_items(resource: Resource):
    errors: dict[str, str] = {}
    page, per_page = _pagination(request.args, errors)
    if errors:
        return json_error(400, _("Some parameters are not valid."), errors)
    query = select(resource.model).order_by(resource.order, resource.model.id)
    total = db.session.scalar(select(func.count()).select_from(resource.model)) or 0
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    args = MultiDict({"page": page + 1})
    if per_page != current_app.config["API_PER_PAGE"]:
        args["per_page"] = per_page
    more = page * per_page < total
    next_url = absolute(url_for(f"api.{resource.name}_list", **args)) if more else None
    return jsonify(items=[resource.to_json(o) for o in items], total=total, next=next_url)


def get_item(resource: Resource, key: str):
    obj = _find(resource, key)
    if obj is None:
        return json_error(404)
    return jsonify(resource.to_json(obj))


def save_item(resource: Resource, key: str | None = None):
    obj = None if key is None else _find(resource, key)
    if key is not None and obj is None:
        return json_error(404)
    values, errors = _merge(resource, obj, request.get_json(silent=True))
    if errors:
        return json_error(400, next(iter(errors.values())), {k: v for k, v in errors.items() if k})
    try:
        obj = resource.save(obj, **values)
    except services.ReferenceDataError as err:
        db.session.rollback()
        fields = {_field_name(resource, f): str(m) for f, m in err.fields.items()}
        return json_error(400, str(err.message), fields)
    db.session.commit()
    if key is not None:
        return jsonify(resource.to_json(obj))
    url = url_for(f"api.{resource.name}_get", key=getattr(obj, resource.key))
    return jsonify(resource.to_json(obj)), 201, {"Location": url}


def _view(view: Callable, resource: Resource, name: str) -> Callable:
    """`view` bound to `resource`, under its own name (Flask-Limiter keys views by name)."""

    def bound(**kwargs):
        return view(resource, **kwargs)

    bound.__name__ = bound.__qualname__ = name
    return bound


for _r in RESOURCES.values():
    _path, _n = f"/{_r.name}", _r.name
    bp.add_url_rule(_path, f"{_n}_list", _view(list_items, _r, f"{_n}_list"), methods=["GET"])
    bp.add_url_rule(
        _path, f"{_n}_create", admin_token_required(_view(save_item, _r, f"{_n}_create")),
        methods=["POST"],
    )  # fmt: skip
    bp.add_url_rule(f"{_path}/<key>", f"{_n}_get", _view(get_item, _r, f"{_n}_get"))
    _update = admin_token_required(_view(save_item, _r, f"{_n}_update"))
    bp.add_url_rule(f"{_path}/<key>", f"{_n}_update", _update, methods=["PATCH"])
