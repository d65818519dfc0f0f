"""The OpenAPI description of registrations (and the personal feed), merged into the document."""

from __future__ import annotations

from eventapp.api.openapi import _boolean, _json, _object, _ref

BEARER = [{"bearer": []}]
FEED = (
    "The personal feed's addresses (`/feeds/<lang>/personal/<token>.ics`): the events the "
    "owner has a confirmed place at, with their online links. Only a hash of the secret in the "
    "address is kept, so an address is shown when it is made and never again: `GET /api/v1/me` "
    "makes and shows one on the first call once the owner has registrations (null before, and "
    "null later); `POST /api/v1/me/personal-feed` makes a new one at any time."
)


def add_registrations(document: dict) -> dict:
    """`document` with the registration paths, their schemas and responses."""
    document["paths"].update(_paths())
    components = document["components"]
    components["schemas"].update(_schemas())
    components["schemas"]["Me"]["properties"]["personal_feed"]["description"] = FEED
    for name, response in _responses().items():
        components["responses"].setdefault(name, response)
    return document


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _id(what: str) -> list[dict]:
    return [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "description": f"The {what}'s id.",
            "schema": {"type": "integer", "minimum": 1},
        }
    ]


def _register() -> dict:
    return {
        "operationId": "register",
        "summary": "Register the token's owner for the event, optionally choosing sessions.",
        "description": (
            "A full event is not an error: the answer says `waiting`, with the position. "
            "Already registered: 200 with the registration as it is. Overlapping or unknown "
            "sessions: 400. Registration not open yet, closed, over, or not taken: 409."
        ),
        "security": BEARER,
        "parameters": _id("event"),
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": _ref("RegistrationRequest")}},
        },
        "responses": {
            "201": _json(_ref("Registration"), "Registered: confirmed or waiting."),
            "200": _json(_ref("Registration"), "Already registered: the registration."),
            "400": _response("InvalidChoice"),
            "401": _response("Unauthorized"),
            "404": _response("NotFound"),
            "409": _response("RegistrationRefused"),
        },
    }


def _paths() -> dict:
    return {
        "/api/v1/events/{id}/registrations": {"post": _register()},
        "/api/v1/me/registrations": {
            "get": {
                "operationId": "listMyRegistrations",
                "summary": "The token owner's registrations, cancelled ones included.",
                "security": BEARER,
                "responses": {
                    "200": _json(_ref("RegistrationList"), "In the order of the events."),
                    "401": _response("Unauthorized"),
                },
            }
        },
        "/api/v1/registrations/{id}": {
            "delete": {
                "operationId": "cancelRegistration",
                "summary": "Give the place (or the waiting-list place) back.",
                "description": "The first person waiting gets the place. Cancelling again is "
                "harmless.",
                "security": BEARER,
                "parameters": _id("registration"),
                "responses": {
                    "204": {"description": "Cancelled."},
                    "401": _response("Unauthorized"),
                    "403": _response("NotYours"),
                    "404": _response("NoRegistration"),
                },
            }
        },
        "/api/v1/me/personal-feed": {
            "post": {
                "operationId": "newPersonalFeed",
                "summary": "Make a new personal feed address; the previous one stops working.",
                "description": FEED,
                "security": BEARER,
                "responses": {
                    "201": _json(_ref("Links"), "The new addresses, shown this once."),
                    "401": _response("Unauthorized"),
                },
            }
        },
    }


def _schemas() -> dict:
    status = {"type": "string", "enum": ["confirmed", "waiting"]}
    choice = _object({"id": {"type": "integer"}, "status": status}, "A chosen session.")
    return {
        "Registration": _object(
            {
                "id": {"type": "integer"},
                "event": {"type": "integer", "description": "The event's id."},
                "status": {
                    "type": "string",
                    "enum": ["confirmed", "waiting", "pending", "cancelled"],
                    "description": "`pending`: a guest who has not confirmed the address yet.",
                },
                "position": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "In the waiting list (1 is next); null when not waiting.",
                },
                "attended": {**_boolean(), "description": "True once checked in."},
                "sessions": {"type": "array", "items": choice},
            },
            "A person's place at an event, or in its queue.",
        ),
        "RegistrationList": _object(
            {"items": {"type": "array", "items": _ref("Registration")}},
            "Registrations.",
        ),
        "RegistrationRequest": {
            "type": "object",
            "properties": {
                "sessions": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "Ids of the sessions chosen (those with their own capacity); "
                    "they must not overlap.",
                }
            },
            "additionalProperties": True,
        },
    }


def _responses() -> dict:
    return {
        "Unauthorized": _json(_ref("Error"), "No bearer token, or an unknown or revoked one."),
        "InvalidChoice": _json(
            _ref("Error"),
            "The body is not a JSON object, or the sessions chosen are unknown or overlap "
            "(`fields.sessions`).",
        ),
        "RegistrationRefused": _json(
            _ref("Error"),
            "The event does not take this registration now: not open yet, closed, over, or "
            "without registration.",
        ),
        "NotYours": _json(_ref("Error"), "The registration belongs to someone else."),
        "NoRegistration": _json(_ref("Error"), "No registration has this id."),
    }
