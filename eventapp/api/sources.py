"""Imported calendars' sources through the API: admins manage any, organisers their
organisations'. The services (`eventapp.imports.services`) decide; refusals are answered by the
app's handler (`domain_json`): another organisation's source is 404, as if it did not exist."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request, url_for

from eventapp.api.auth import token_required
from eventapp.api.openapi import ID, documented
from eventapp.api.shapes.common import PageQuery, page_of
from eventapp.api.shapes.sources import NewSource, Source, SourceInput, SyncReport
from eventapp.api.validation import answer, json_object, parse_body, parse_query
from eventapp.api.views import bp, next_page, path_id
from eventapp.errors import NotFound
from eventapp.extensions import clock, db
from eventapp.imports import services
from eventapp.imports.runner import fetcher_of, sync_and_commit
from eventapp.settings import current_settings
from eventapp.urls import absolute

SOURCE_ID = ("id", ID, "The source's id.")
WHO = (
    "Admins: any source; organisers: their organisations' (another organisation's source is "
    "404); attendees: 403."
)
REFUSED = {403: "Forbidden", 404: "NoEntry"}
DELETED = (
    "The source is gone; its events stay, as ordinary events (their `source` becomes null), "
    "and are no longer synced."
)


def _source(raw_id: str):
    return services.source_for(g.api_user, path_id(raw_id))


def _json(source) -> dict:
    return answer(Source, Source.of(source))


def _url_rules() -> dict[str, bool]:
    return services.url_rules(current_app.config)


@bp.get("/sources")
@documented(
    id="listSources", summary="The imported calendars the token's owner manages, by name.",
    description=WHO, query=PageQuery,
    answers={200: (page_of(Source), "One page of sources."), 400: "BadRequest",
             403: "Forbidden"},
)  # fmt: skip
@token_required
def list_sources():
    query = parse_query(PageQuery, request.args)
    page, size = query.page, query.size()
    found = services.sources_for(g.api_user)
    items = [_json(source) for source in found[(page - 1) * size : page * size]]
    next_url = next_page("api.list_sources", {}, page, size, len(found))
    db.session.commit()  # keeps the token's last use
    return jsonify(items=items, total=len(found), next=next_url)


@bp.post("/sources")
@documented(
    id="createSource", body=NewSource, summary="Subscribe to a calendar feed.",
    description=f"{WHO} The first sync runs when the worker next looks (or `POST .../sync`).",
    answers={201: (Source, "The source."), 403: "Forbidden"},
    headers={201: {"Location": {"schema": {"type": "string", "format": "uri"}}}},
)  # fmt: skip
@token_required
def create_source():
    body = parse_body(NewSource, json_object())
    values = {**services.values_of(None), **body.model_dump(include=body.model_fields_set)}
    source = services.save_source(None, _given(values), actor=g.api_user, **_url_rules())
    db.session.commit()
    location = absolute(url_for("api.get_source", source_id=source.id))
    return jsonify(_json(source)), 201, {"Location": location}


@bp.get("/sources/<source_id>")
@documented(
    id="getSource", path=(SOURCE_ID,), summary="One source, with its last sync's report.",
    description=WHO, answers={200: (Source, "The source."), **REFUSED},
)  # fmt: skip
@token_required
def get_source(source_id: str):
    source = _source(source_id)
    db.session.commit()
    return jsonify(_json(source))


@bp.patch("/sources/<source_id>")
@documented(
    id="updateSource", path=(SOURCE_ID,), body=SourceInput,
    summary="Change the fields given. A new `url` is read in full at the next sync.",
    description=WHO, answers={200: (Source, "The source as saved."), **REFUSED},
)  # fmt: skip
@token_required
def update_source(source_id: str):
    source = _source(source_id)
    body = parse_body(SourceInput, json_object())
    values = {**services.values_of(source), **body.model_dump(include=body.model_fields_set)}
    services.save_source(source, _given(values), actor=g.api_user, **_url_rules())
    db.session.commit()
    return jsonify(_json(source))


@bp.delete("/sources/<source_id>")
@documented(
    id="deleteSource", path=(SOURCE_ID,), summary="Unsubscribe from the feed.",
    description=f"{WHO} {DELETED}", answers={204: (None, DELETED), **REFUSED},
)  # fmt: skip
@token_required
def delete_source(source_id: str):
    services.delete_source(_source(source_id), actor=g.api_user)
    db.session.commit()
    return Response(status=204)


@bp.post("/sources/<source_id>/sync")
@documented(
    id="syncSource", path=(SOURCE_ID,), summary="Sync the source now, due or not.",
    description=f"{WHO} A feed that cannot be read is still a 200: the report's `status` is "
    "`failed` and its `errors` say why; the source's events are left as they were.",
    answers={200: (SyncReport, "The sync's report."), **REFUSED},
)  # fmt: skip
@token_required
def sync_source(source_id: str):
    source = _source(source_id)
    report = sync_and_commit(
        source.id, now=clock.now(), settings=current_settings(),
        fetcher=fetcher_of(current_app.config),
    )  # fmt: skip
    if report is None:  # deleted in the meantime
        raise NotFound(services.NO_SOURCE)
    return jsonify(answer(SyncReport, SyncReport.of(report.as_dict())))


def _given(values: dict) -> dict:
    """The body's values as the service takes them (the computed fields dropped)."""
    return {name: values.get(name) for name in services.FIELDS}
