"""The OpenAPI document of /api/v1: a pure builder, from plain data, with no Flask imports."""

from __future__ import annotations

from eventapp.events.filters import MAX_QUERY_LENGTH
from eventapp.events.models import DELIVERY_LANGUAGES, KINDS, STATUSES

JSON = "application/json"
SLUG_FILTERS = {
    "site": "Site slug (`paris-saclay`, `oxford`, `cambridge`).",
    "type": "Kind of event.",
    "topic": "Topic slug.",
    "series": "Series slug.",
    "organisation": "Slug of a host organisation.",
}


def openapi_document(*, per_page: int, max_per_page: int) -> dict:
    """The OpenAPI 3.1 description of what the API serves today."""
    # Imported here: the reference module builds on this module's helpers.
    from eventapp.api import openapi_reference as reference
    from eventapp.api.openapi_registrations import add_registrations
    from eventapp.api.openapi_write import add_writing

    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Entente CordIAle Events API",
            "version": "1",
            "description": (
                "Joint events of the Paris-Saclay – Oxford – Cambridge AI Initiative. "
                "Errors come as `Error` objects, their message in the language of "
                "`Accept-Language` (French or English)."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/events": {"get": _list_operation(per_page, max_per_page)},
            "/api/v1/events/{id}": {"get": _event_operation()},
            "/api/v1/me": {"get": _me_operation()},
            "/api/v1/openapi.json": {"get": _openapi_operation()},
            "/healthz": {"get": _health_operation()},
            **reference.reference_paths(per_page, max_per_page),
        },
        "components": {
            "schemas": {**_schemas(), **reference.reference_schemas()},
            "responses": {**_error_responses(), **reference.reference_responses()},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token made with `flask --app eventapp create-token EMAIL` "
                    "or on the profile page.",
                }
            },
        },
    }
    return add_registrations(add_writing(document))


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    """A response with a JSON body."""
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error_ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _list_operation(per_page: int, max_per_page: int) -> dict:
    """`GET /api/v1/events`."""
    return {
        "operationId": "listEvents",
        "summary": "Published and cancelled events, filtered and paginated, in start order.",
        "description": (
            "Without `from`, only events not yet over. A filter given twice means either value; "
            "a comma-separated value counts as several. Drafts are never listed."
        ),
        "parameters": _filter_parameters() + _page_parameters(per_page, max_per_page),
        "responses": {
            "200": _json(_ref("EventList"), "One page of events."),
            "400": _error_ref("BadRequest"),
        },
    }


def _filter_parameters() -> list[dict]:
    """The list filters shared with the pages and the feeds."""
    repeated = [
        {
            "name": name,
            "in": "query",
            "description": description,
            "style": "form",
            "explode": True,
            "schema": {
                "type": "array",
                "items": {"type": "string", "enum": list(KINDS)}
                if name == "type"
                else {"type": "string"},
            },
        }
        for name, description in SLUG_FILTERS.items()
    ]
    text = {
        "name": "q",
        "in": "query",
        "description": "Words to find in title, summary or description, blind to case and accents.",
        "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    }
    dates = [
        _date_parameter("from", "Events still running on or after this local day."),
        _date_parameter("to", "Events starting on or before this local day."),
    ]
    return [*repeated, text, *dates]


def _date_parameter(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "description": f"{description} ISO date, read in each event's own time zone.",
        "schema": {"type": "string", "format": "date"},
    }


def _page_parameters(per_page: int, max_per_page: int) -> list[dict]:
    return [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": max_per_page,
                "default": per_page,
            },
        },
    ]


def _event_operation() -> dict:
    """`GET /api/v1/events/{id}`."""
    return {
        "operationId": "getEvent",
        "summary": "One published or cancelled event with its timetable.",
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        ],
        "responses": {
            "200": _json(_ref("Event"), "The event."),
            "404": _error_ref("NotFound"),
        },
    }


def _me_operation() -> dict:
    """`GET /api/v1/me`."""
    return {
        "operationId": "getMe",
        "summary": "The profile of the token's owner.",
        "security": [{"bearer": []}],
        "responses": {
            "200": _json(_ref("Me"), "The token owner's profile."),
            "401": _json(_ref("Error"), "No token, or an unknown or revoked one."),
        },
    }


def _openapi_operation() -> dict:
    return {
        "operationId": "getOpenAPI",
        "summary": "This document.",
        "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
    }


def _health_operation() -> dict:
    return {
        "operationId": "health",
        "summary": "Whether the service can reach its database.",
        "responses": {
            "200": _json(_ref("Health"), "The database is reachable."),
            "503": _json(_ref("Health"), "The database is not reachable."),
        },
    }


def _error_responses() -> dict:
    return {
        "BadRequest": _json(
            _ref("Error"), "A parameter makes no sense; `fields` gives the reason for each."
        ),
        "NotFound": _json(_ref("Error"), "No such event, or not visible to you."),
    }


def _schemas() -> dict:
    """Every schema the responses use."""
    return {
        "LocalisedText": _localised(),
        "Links": _links(),
        "Venue": _object(
            {"id": {"type": "integer"}, "name": _ref("LocalisedText"), "address": _text()}
        ),
        "Speaker": _object(
            {"id": {"type": "integer"}, "name": _text(), "affiliation": _text(nullable=True)}
        ),
        "Session": _session(),
        "Event": _event(),
        "EventList": _event_list(),
        "Error": _error(),
        "Me": _object(
            {
                "id": {"type": "integer"},
                "email": _text(),
                "name": _text(),
                "affiliation": _text(nullable=True),
                "language": {"type": "string", "enum": ["fr", "en"]},
                "role": {"type": "string", "enum": ["attendee", "organiser", "admin"]},
                "organisations": _slugs(),
                "personal_feed": {"oneOf": [_links(), {"type": "null"}]},
            }
        ),
        "Health": _object(
            {"status": {"type": "string", "enum": ["ok", "unavailable"]}, "database": _boolean()}
        ),
    }


def _object(properties: dict, description: str | None = None) -> dict:
    """A closed object whose every property is always present (perhaps null)."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"description": description, **schema} if description else schema


def _text(*, nullable: bool = False) -> dict:
    return {"type": ["string", "null"] if nullable else "string"}


def _boolean() -> dict:
    return {"type": "boolean"}


def _instant(*, nullable: bool = False) -> dict:
    """An ISO 8601 date-time with the UTC offset of the event's zone."""
    return {"type": ["string", "null"] if nullable else "string", "format": "date-time"}


def _count(*, nullable: bool = False) -> dict:
    return {"type": ["integer", "null"] if nullable else "integer", "minimum": 0}


def _slugs() -> dict:
    return {"type": "array", "items": {"type": "string"}}


def _localised() -> dict:
    return _object(
        {"fr": _text(nullable=True), "en": _text(nullable=True)},
        "A human-written text in French and English; null where not written.",
    )


def _links() -> dict:
    uri = {"type": "string", "format": "uri"}
    return _object({"fr": uri, "en": uri}, "Absolute links, in French and in English.")


def _session() -> dict:
    return _object(
        {
            "id": {"type": "integer"},
            "title": _ref("LocalisedText"),
            "start": _instant(),
            "end": _instant(),
            "room": _text(nullable=True),
            "speakers": {"type": "array", "items": _ref("Speaker")},
            "capacity": _count(nullable=True),
        },
        "One slot of the timetable: a talk, a panel, a breakout workshop.",
    )


def _event() -> dict:
    return _object(
        {**_event_when(), **_event_texts(), **_event_places(), **_event_registration()},
        "An event; times carry the local UTC offset of its site's zone.",
    )


def _event_when() -> dict:
    return {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "status": {
            "type": "string",
            "enum": list(STATUSES),
            "description": "`draft` is never shown to readers who may not edit the event.",
        },
        "site": {"type": "string", "description": "The site's slug."},
        "timezone": {"type": "string", "description": "The site's IANA time zone."},
        "all_day": _boolean(),
        "start": {
            **_instant(),
            "description": "For an all-day event, local midnight of its first day.",
        },
        "end": {
            **_instant(),
            "description": "For an all-day event, local midnight of the day after its last day.",
        },
    }


def _event_texts() -> dict:
    return {
        "title": _ref("LocalisedText"),
        "summary": _ref("LocalisedText"),
        "description": {**_ref("LocalisedText"), "description": "Markdown."},
        "url": {**_ref("Links"), "description": "The event's page."},
        "ics": {**_ref("Links"), "description": "The event's iCalendar file."},
    }


def _event_places() -> dict:
    return {
        "capacity": {**_count(nullable=True), "description": "Null when there is no limit."},
        "places_left": {**_count(nullable=True), "description": "Null when there is no limit."},
        "language": {"type": "string", "enum": list(DELIVERY_LANGUAGES)},
        "venue": {
            "oneOf": [_ref("Venue"), {"type": "null"}],
            "description": "Null for an online-only event.",
        },
        "online_url": {**_text(nullable=True), "format": "uri"},
        "organisations": {**_slugs(), "description": "Slugs of the host organisations."},
        "topics": {**_slugs(), "description": "Topic slugs."},
        "series": {**_text(nullable=True), "description": "The series' slug."},
    }


def _event_registration() -> dict:
    return {
        "registration_opens": _instant(nullable=True),
        "registration_closes": _instant(nullable=True),
        "speakers": {"type": "array", "items": _ref("Speaker"), "description": "Of the event."},
        "cancel_reason": {
            **_ref("LocalisedText"),
            "description": "Why a cancelled event was cancelled (null otherwise).",
        },
        "sequence": {"type": "integer", "minimum": 0},
        "updated_at": _instant(),
        "sessions": {"type": "array", "items": _ref("Session")},
    }


def _event_list() -> dict:
    return _object(
        {
            "items": {"type": "array", "items": _ref("Event")},
            "total": _count(),
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, with the same filters; null on the last page.",
            },
        },
        "One page of a list of events.",
    )


def _error() -> dict:
    detail = _object(
        {
            "message": _text(),
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "A message per refused field or parameter.",
            },
        }
    )
    return _object({"error": detail}, "An error; messages follow `Accept-Language`.")
