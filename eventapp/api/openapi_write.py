"""The OpenAPI description of the writing API (events and sessions), merged into the document."""

from __future__ import annotations

from eventapp.api.fields import EVENT_IGNORED, MAX_INT, SESSION_IGNORED
from eventapp.api.openapi import (
    _boolean,
    _count,
    _event,
    _json,
    _object,
    _ref,
    _session,
    _slugs,
    _text,
)
from eventapp.events.models import DELIVERY_LANGUAGES, KINDS, STATUSES

BEARER = [{"bearer": []}]
TIMES = (
    "ISO 8601. With a UTC offset it is that instant; without one, the wall time in the site's "
    "zone. A wall time skipped when the clocks go forward is refused (400 naming the field); "
    "one that occurs twice (clocks going back) means its first occurrence."
)
ALL_DAY = (
    " For an all-day event, `start` is its first day and `end` the day after its last day, "
    "each a date or local midnight: exactly what the API shows."
)
EVENT_WRITE = (
    "An event as sent: the field names the API shows. POST: fields left out take their "
    "default (`kind` seminar, `language` en, `status` draft, `all_day` false, empty lists and "
    "nulls). PATCH: only the fields given change, the others keep their values; in a "
    '`{"fr", "en"}` text a language left out keeps its text, null clears it. Computed fields '
    "(read-only here) and `sessions` are accepted and ignored, so an event read can be written "
    "back unchanged; any other field is refused (400)."
)
STATUS = (
    "Changing it goes through the life cycle: `published` publishes a draft, `draft` takes a "
    "published event back to draft, `cancelled` cancels a published event (with "
    "`cancel_reason`). A cancelled event stays cancelled."
)


def add_writing(document: dict) -> dict:
    """`document` with the writing paths, their schemas, responses and bearer security."""
    paths = document["paths"]
    for path, operations in _paths().items():
        paths.setdefault(path, {}).update(operations)
    read = paths["/api/v1/events/{id}"]["get"]
    read["summary"] = "One published or cancelled event, or a draft for those who may edit it."
    read["security"] = [{}, *BEARER]
    read["description"] = "A draft is 404 unless a bearer token of someone who may edit it."
    components = document["components"]
    components["schemas"].update(_schemas())
    components["responses"].update(_responses())
    return document


def _id_parameter(what: str) -> dict:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": f"The {what}'s id.",
        "schema": {"type": "integer", "minimum": 1},
    }


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _error(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _created(name: str, description: str) -> dict:
    return {
        **_json(_ref(name), description),
        "headers": {
            "Location": {
                "description": "The absolute URL of what was created.",
                "schema": {"type": "string", "format": "uri"},
            }
        },
    }


def _refusals(*codes: str) -> dict:
    names = {
        "400": "InvalidBody", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound",
        "409": "Conflict",
    }  # fmt: skip
    return {code: _error(names[code]) for code in codes}


def _paths() -> dict:
    event = [_id_parameter("event")]
    session = [_id_parameter("session")]
    return {
        "/api/v1/events": {
            "post": {
                "operationId": "createEvent",
                "summary": "Create an event (a draft unless `status` says published).",
                "description": "Organisers create events that list one of their organisations "
                "among the hosts; admins, any event.",
                "security": BEARER,
                "requestBody": _body("EventWrite"),
                "responses": {
                    "201": _created("EventWritten", "The event as read, with any warnings."),
                    **_refusals("400", "401", "403", "409"),
                },
            }
        },
        "/api/v1/events/{id}": {
            "patch": {
                "operationId": "updateEvent",
                "summary": "Change the fields given, and perhaps the status.",
                "security": BEARER,
                "parameters": event,
                "requestBody": _body("EventWrite"),
                "responses": {
                    "200": _json(_ref("EventWritten"), "The event as read, with any warnings."),
                    **_refusals("400", "401", "403", "404", "409"),
                },
            },
            "delete": {
                "operationId": "deleteEvent",
                "summary": "Delete a draft. A published or cancelled event is never deleted "
                "(409): cancel it instead (PATCH `status`).",
                "security": BEARER,
                "parameters": event,
                "responses": {
                    "204": {"description": "The draft is gone."},
                    **_refusals("401", "403", "404", "409"),
                },
            },
        },
        "/api/v1/events/{id}/sessions": {
            "post": {
                "operationId": "createSession",
                "summary": "Add a session to the event's timetable, within the event's times.",
                "security": BEARER,
                "parameters": event,
                "requestBody": _body("SessionWrite"),
                "responses": {
                    "201": _created("SessionWritten", "The session, with any warnings."),
                    **_refusals("400", "401", "403", "404"),
                },
            }
        },
        "/api/v1/sessions/{id}": {
            "get": {
                "operationId": "getSession",
                "summary": "One session of a visible event.",
                "security": [{}, *BEARER],
                "parameters": session,
                "responses": {
                    "200": _json(_ref("SessionDetail"), "The session."),
                    "404": _error("NotFound"),
                },
            },
            "patch": {
                "operationId": "updateSession",
                "summary": "Change the session's fields given.",
                "security": BEARER,
                "parameters": session,
                "requestBody": _body("SessionWrite"),
                "responses": {
                    "200": _json(_ref("SessionWritten"), "The session, with any warnings."),
                    **_refusals("400", "401", "403", "404"),
                },
            },
            "delete": {
                "operationId": "deleteSession",
                "summary": "Remove the session from the timetable.",
                "security": BEARER,
                "parameters": session,
                "responses": {
                    "204": {"description": "The session is gone."},
                    **_refusals("401", "403", "404"),
                },
            },
        },
    }


def _responses() -> dict:
    return {
        "InvalidBody": _json(
            _ref("Error"),
            "The body is not a JSON object, or some fields are refused: `fields` gives a "
            "message per field (`title.fr` for a text in one language).",
        ),
        "Unauthorized": _json(_ref("Error"), "No bearer token, or an unknown or revoked one."),
        "Forbidden": _json(_ref("Error"), "The token's owner may not act on this event."),
        "Conflict": _json(
            _ref("Error"), "The event's status does not allow it (deleting a published event)."
        ),
    }


def _texts() -> dict:
    text = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {"fr": text, "en": text},
        "additionalProperties": False,
        "description": "A language left out keeps its text; null clears it.",
    }


def _moment(description: str = TIMES, *, nullable: bool = False) -> dict:
    types = ["string", "null"] if nullable else "string"
    return {"type": types, "description": description, "examples": ["2027-03-26T14:00"]}


def _reference(description: str, *, nullable: bool = True) -> dict:
    """An id, or an object carrying it (as the API shows venues and speakers)."""
    forms = [
        {"type": "integer", "minimum": 1},
        {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
    ]
    return {"oneOf": [*forms, {"type": "null"}] if nullable else forms, "description": description}


def _ignored(names: tuple[str, ...]) -> dict:
    return {name: {"readOnly": True, "description": "Computed: ignored."} for name in names}


def _open_object(properties: dict, description: str) -> dict:
    """A request body: every property optional, no others."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }


def _event_write() -> dict:
    count = {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_INT}
    return _open_object(
        {
            "kind": {"type": "string", "enum": list(KINDS)},
            "status": {"type": "string", "enum": list(STATUSES), "description": STATUS},
            "site": {"type": "string", "description": "The site's slug; it sets the time zone."},
            "all_day": _boolean(),
            "start": _moment(TIMES + ALL_DAY),
            "end": _moment(TIMES + ALL_DAY),
            "title": {**_texts(), "description": "At least one language is required."},
            "summary": _texts(),
            "description": {**_texts(), "description": "Markdown."},
            "language": {"type": "string", "enum": list(DELIVERY_LANGUAGES)},
            "venue": _reference("A venue of the site; null for an online-only event."),
            "online_url": {**_text(nullable=True), "format": "uri"},
            "organisations": {**_slugs(), "description": "Host organisations' slugs."},
            "topics": {**_slugs(), "description": "Topic slugs."},
            "series": {**_text(nullable=True), "description": "The series' slug."},
            "speakers": {
                "type": "array",
                "items": _reference("A person's id.", nullable=False),
            },
            "capacity": {**count, "description": "Null for no limit."},
            "registration_opens": _moment(nullable=True),
            "registration_closes": _moment(nullable=True),
            "cancel_reason": {
                **_texts(),
                "description": "Shown on the page; used when the request cancels the event.",
            },
            **_ignored(EVENT_IGNORED),
        },
        EVENT_WRITE,
    )


def _session_write() -> dict:
    return _open_object(
        {
            "title": {**_texts(), "description": "At least one language is required."},
            "start": _moment(),
            "end": _moment(),
            "room": _text(nullable=True),
            "speakers": {
                "type": "array",
                "items": _reference("A person's id.", nullable=False),
            },
            "capacity": _count(nullable=True),
            **_ignored(SESSION_IGNORED),
        },
        "A session as sent. POST: title, start and end are required. PATCH: only the fields "
        "given change. It must lie within its event's times.",
    )


def _warnings() -> dict:
    return {
        "type": "array",
        "items": {"type": "string"},
        "description": "What is worth knowing but not refused (a venue or room in use at the "
        "same time, a repeated hour), in the language of `Accept-Language`.",
    }


def _schemas() -> dict:
    event, session = _event(), _session()
    detail = {**session["properties"], "event": {"type": "integer"}}
    return {
        "EventWrite": _event_write(),
        "SessionWrite": _session_write(),
        "EventWritten": _object(
            {**event["properties"], "warnings": _warnings()}, "The event as read, and warnings."
        ),
        "SessionDetail": _object(detail, "A session and the id of its event."),
        "SessionWritten": _object({**detail, "warnings": _warnings()}, "A session, and warnings."),
    }
