"""Schemathesis against the API in-process: the document describes what the API does.

Bounded, derandomised examples from the app's own /api/v1/openapi.json, with an admin's bearer
token. The run fails on a server error, an answer outside its documented schema, a status the
document does not list, or an operation that turns away the data its schema allows (the
"mostly rejected" warning of the command line, computed by Schemathesis' own collector).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.cli.commands.run.context import ExecutionContext  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.engine import Status, from_schema  # noqa: E402
from schemathesis.engine import events as st_events  # noqa: E402
from writing_support import make_world  # noqa: E402

from eventapp.events.models import Event, EventSession  # noqa: E402
from eventapp.extensions import db  # noqa: E402

MAX_EXAMPLES = 12
SEED = 20260309
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


def _config(token: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {token}", "Accept-Language": "en"},
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": False}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "workers": 1,
        }
    )


def test_the_api_keeps_to_its_document(app, world):
    token = world["headers"]["admin"]["Authorization"].removeprefix("Bearer ")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=_config(token))
    context = ExecutionContext(config=schema.config)
    failures: list[str] = []
    for event in from_schema(schema).execute():
        context.on_event(event)
        if isinstance(event, st_events.ScenarioFinished) and event.status in (
            Status.FAILURE,
            Status.ERROR,
        ):
            failures.append(_describe(event))
        elif isinstance(event, st_events.NonFatalError):
            failures.append(f"{event.label}: {event.info.message}")
    warnings = context.warnings
    assert failures == []
    assert sorted(warnings.validation_mismatch) == [], sorted(warnings.validation_mismatch)


def _describe(event) -> str:
    found = []
    for check in event.recorder.checks.values():
        for result in check:
            if result.failure_info is not None:
                failure = result.failure_info.failure
                found.append(f"{failure.title}: {failure.message[:300]}")
    return f"{event.recorder.label}: " + "; ".join(dict.fromkeys(found))
