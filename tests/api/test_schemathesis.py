"""Schemathesis against the API in-process: the document describes what the API does.

Bounded, derandomised examples from the app's own /api/v1/openapi.json, with an admin's bearer
token. The run fails on a server error, an answer outside its documented schema, a status the
document does not list, or an operation that turns away the data its schema allows (the
"mostly rejected" warning of the command line, computed by Schemathesis' own collector).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.cli.commands.run.context import ExecutionContext  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.engine import Status, from_schema  # noqa: E402
from schemathesis.engine import events as st_events  # noqa: E402
from sqlalchemy import select  # noqa: E402
from writing_support import make_world  # noqa: E402

from eventapp.events.models import Event, EventSession  # noqa: E402
from eventapp.extensions import db  # noqa: E402

MAX_EXAMPLES = 12
SEED = 20260309
# Not done yet: these write operations need a body whose parts agree with each other and with
# the database (an end after the start, a session inside its event, a free slug), which the
# document cannot state; the next step is test data binding such values. No other may join them.
STILL_MOSTLY_REJECTED = {
    "PATCH /api/v1/events/{id}", "PATCH /api/v1/sessions/{id}", "POST /api/v1/events",
    "POST /api/v1/events/{id}/sessions", "POST /api/v1/organisations", "POST /api/v1/series",
    "POST /api/v1/venues",
}  # fmt: skip
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


@pytest.fixture
def world(app, sites):
    made = make_world(sites)
    start = (datetime.now(UTC) + timedelta(days=30)).replace(hour=13, minute=0, microsecond=0)
    for n, status in enumerate(("published", "draft", "cancelled")):
        event = Event(
            kind="seminar", status=status, language="both", site=sites["paris-saclay"],
            title_en=f"Event {n}", start_at=start + timedelta(days=n),
            end_at=start + timedelta(days=n, hours=3), venue=made["room"],
            organisations=[made["organiser"].organisations[0]], capacity=10,
        )  # fmt: skip
        event.sessions.append(
            EventSession(title_en="Talk", start_at=event.start_at, end_at=event.end_at)
        )
        db.session.add(event)
    db.session.commit()
    return made


def _test_data(world) -> tuple[dict, list, dict]:
    """Values that name rows of the world: path parameters per path, and body values."""
    event = db.session.scalars(select(Event).where(Event.status == "published")).first()
    ids = {
        "/api/v1/events/{id}": event.id, "/api/v1/events/{id}/sessions": event.id,
        "/api/v1/events/{id}/registrations": event.id,
        "/api/v1/sessions/{id}": event.sessions[0].id, "/api/v1/venues/{id}": world["room"].id,
        "/api/v1/people/{id}": world["ada"].id, "/api/v1/organisations/{slug}": "hec-paris",
        "/api/v1/series/{slug}": "ai-ethics", "/api/v1/topics/{slug}": "fairness",
    }  # fmt: skip
    operations = [
        {"include-path": path, "parameters": {"id" if "{id}" in path else "slug": value}}
        for path, value in ids.items()
    ]
    dictionaries = {
        "organisations": {"values": ["hec-paris"]}, "topics": {"values": ["fairness"]},
        "series": {"values": ["ai-ethics"]}, "venues": {"values": [world["room"].id]},
        "people": {"values": [world["ada"].id]}, "sites": {"values": ["paris-saclay"]},
    }  # fmt: skip
    body = {
        "body.organisations[*]": "organisations", "body.topics[*]": "topics",
        "body.series": "series", "body.venue": "venues", "body.speakers[*]": "people",
        "body.site": "sites",
    }  # fmt: skip
    bindings = {key: {"dictionary": name, "probability": 1.0} for key, name in body.items()}
    return dictionaries, operations, bindings


def _config(token: str, world) -> SchemathesisConfig:
    dictionaries, operations, bindings = _test_data(world)
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "dictionaries": dictionaries,
            "operations": operations,
            "parameters": bindings,
            "headers": {"Authorization": f"Bearer {token}", "Accept-Language": "en"},
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": False}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "workers": 1,
        }
    )


def test_the_api_keeps_to_its_document(app, world):
    token = world["headers"]["admin"]["Authorization"].removeprefix("Bearer ")
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=_config(token, world)
    )
    context = ExecutionContext(config=schema.config)
    failures: list[str] = []
    for event in from_schema(schema).execute():
        context.on_event(event)
        if isinstance(event, st_events.ScenarioFinished) and event.status in (
            Status.FAILURE,
            Status.ERROR,
        ):
            failures.append(_describe(event))
        if isinstance(event, st_events.ScenarioFinished) and os.environ.get("ST_DEBUG"):
            _debug(event)
        elif isinstance(event, st_events.NonFatalError):
            failures.append(f"{event.label}: {event.info.message}")
    warnings = context.warnings
    assert failures == []
    mismatched = set(warnings.validation_mismatch)
    assert mismatched <= STILL_MOSTLY_REJECTED, "\n".join(sorted(mismatched))


def _debug(event) -> None:
    codes: dict = {}
    for case_id, interaction in event.recorder.interactions.items():
        response = interaction.response
        if response is None:
            continue
        codes[response.status_code] = codes.get(response.status_code, 0) + 1
        case = event.recorder.cases[case_id].value
        if response.status_code == 400 and codes[400] <= 3:
            print(
                "  ",
                event.recorder.label,
                case.meta.generation.mode,
                str(case.body)[:150],
                response.content[:200],
            )
    print(event.phase, event.recorder.label, codes)


def _describe(event) -> str:
    found = []
    for check in event.recorder.checks.values():
        for result in check:
            if result.failure_info is not None:
                failure = result.failure_info.failure
                found.append(f"{failure.title}: {failure.message[:300]}")
    return f"{event.recorder.label}: " + "; ".join(dict.fromkeys(found))
