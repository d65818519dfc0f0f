"""Schemathesis against the API in-process: the document describes what the API does.

Bounded, derandomised examples from the app's own /api/v1/openapi.json, with an admin's bearer
token. The run fails on a server error, an answer outside its documented schema, a status the
document does not list, or an operation that turns away the data its schema allows (the
"mostly rejected" warning of the command line, computed by Schemathesis' own collector).
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
import schemathesis
from schemathesis.cli.commands.run.context import ExecutionContext
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine import events as st_events
from sqlalchemy import insert, select
from writing_support import make_world

from eventapp.bounds import FEED_URL_PATTERN, MAX_INT, SLUG_PATTERN
from eventapp.events.models import Event, EventSession, event_organisations
from eventapp.extensions import db
from eventapp.follows.targets import MODELS
from eventapp.imports.models import Source
from eventapp.reference.models import Organisation
from eventapp.registrations.models import Registration

MAX_EXAMPLES = 12
SEED = 20260309
START = datetime(2027, 1, 6, 13, 0, tzinfo=UTC)  # of the world's events, each three hours long
SLUGS = {"organisations": "hec-paris", "series": "ai-ethics", "topics": "fairness"}
INVITED = {"accept": "inria", "decline": "oxford-uni"}  # the draft's co-hosts, by answer
CLOSED = "https://127.0.0.1:9/feed.ics"  # every source's address in this run: nothing listens
DOOR = 424242  # the id of the registration checked in
NUMBERS = itertools.count()  # for new slugs
FOLLOWABLE: dict[str, int] = {}  # a row of each kind that can be followed (POST /me/follows)
TIMETABLE = START + timedelta(days=3)  # the event whose sessions are read and written
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


@pytest.fixture
def world(app, sites):
    made = make_world(sites)
    for n, status in enumerate(("published", "draft", "cancelled", "published")):
        event = Event(
            kind="seminar", status=status, language="both", site=sites["paris-saclay"],
            title_en=f"Event {n}", start_at=START + timedelta(days=n),
            end_at=START + timedelta(days=n, hours=3), venue=made["room"],
            organisations=[made["organiser"].organisations[0]], capacity=10,
        )  # fmt: skip
        event.sessions.append(
            EventSession(title_en="Talk", start_at=event.start_at, end_at=event.end_at)
        )
        db.session.add(event)
    # Someone to check in at the first event (PATCH /api/v1/registrations/{id}).
    db.session.add(Registration(id=DOOR, event=event_at(0), email="door@example.org",
                                name="Door", status="confirmed"))  # fmt: skip
    # The draft invites two co-hosts: one to accept, one to decline (no other operation edits it).
    for slug in INVITED.values():
        org = db.session.scalars(select(Organisation).where(Organisation.slug == slug)).one()
        db.session.execute(
            insert(event_organisations).values(event_id=event_at(1).id, organisation_id=org.id)
            .values(accepted_at=None)
        )  # fmt: skip
    # Sources whose feed nobody serves (a closed port on this machine): a sync fails at once and
    # never reaches the network. One is read and changed, one synced, one deleted.
    made["sources"] = {}
    for use in ("read", "sync", "delete"):
        made["sources"][use] = Source(
            name=f"Feed {use}", url=CLOSED, organisation=made["organiser"].organisations[0],
            site=sites["paris-saclay"],
        )  # fmt: skip
        db.session.add(made["sources"][use])
    db.session.commit()
    return made


def event_at(n: int) -> Event:
    """The world's event on day `n`."""
    day = select(Event).where(Event.start_at == START + timedelta(days=n))
    return db.session.scalars(day).one()


def _test_data(world) -> tuple[dict, list, dict]:
    """Values that name rows of the world: path parameters per path, and body values."""
    event, timetable = db.session.scalars(
        select(Event).where(Event.status == "published").order_by(Event.start_at)
    )
    ids = {
        "/api/v1/events/{id}": event.id, "/api/v1/events/{id}/sessions": timetable.id,
        "/api/v1/events/{id}/registrations": event.id, "/api/v1/events/{id}/messages": event.id,
        "/api/v1/events/{id}/registrations.csv": event.id,
        "/api/v1/sessions/{id}": timetable.sessions[0].id, "/api/v1/venues/{id}": world["room"].id,
        "/api/v1/people/{id}": world["ada"].id,
        **{f"/api/v1/{name}/{{slug}}": slug for name, slug in SLUGS.items()},
    }  # fmt: skip
    operations = [
        {"include-path": path, "parameters": {"id" if "{id}" in path else "slug": value}}
        for path, value in ids.items()
    ]
    # The check-in of the world's registration; not the owner's DELETE on the same path (the
    # admin is not its owner: bound to it, the DELETE would only ever answer 403).
    operations.append({"include-name": "PATCH /api/v1/registrations/{id}",
                       "parameters": {"id": DOOR}})  # fmt: skip
    sources = world["sources"]
    operations += [
        {"include-name": f"{method} /api/v1/sources/{{id}}", "parameters": {"id": sources[use].id}}
        for method, use in (("GET", "read"), ("PATCH", "read"), ("DELETE", "delete"))
    ]
    operations.append({"include-path": "/api/v1/sources/{id}/sync",
                       "parameters": {"id": sources["sync"].id}})  # fmt: skip
    operations += [
        {"include-path": f"/api/v1/events/{{id}}/invitations/{{organisation}}/{answer}",
         "parameters": {"id": event_at(1).id, "organisation": slug}}
        for answer, slug in INVITED.items()
    ]  # fmt: skip
    dictionaries = {
        "organisations": {"values": ["hec-paris"]}, "topics": {"values": ["fairness"]},
        "series": {"values": ["ai-ethics"]}, "venues": {"values": [world["room"].id]},
        "people": {"values": [world["ada"].id]}, "sites": {"values": ["paris-saclay"]},
    }  # fmt: skip
    body = {
        "body.organisations[*]": "organisations", "body.topics[*]": "topics",
        "body.series": "series", "body.venue": "venues", "body.speakers[*]": "people",
        "body.site": "sites", "body.organisation": "organisations",
    }  # fmt: skip
    bindings = {key: {"dictionary": name, "probability": 1.0} for key, name in body.items()}
    FOLLOWABLE.update({  # read here, in the app's context: the hook runs outside it
        kind: db.session.scalar(select(model.id).order_by(model.id).limit(1))
        for kind, model in MODELS.items()
    })  # fmt: skip
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
    app.config["IMPORTS_ALLOW_PRIVATE"] = True  # the sources' feeds are on this machine's CLOSED
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=_config(token, world)
    )
    schema.hook("map_body")(agreeing_values)
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
        if isinstance(event, st_events.NonFatalError):
            failures.append(f"{event.label}: {event.info.message}")
    assert failures == [], "\n".join(f[:200] for f in failures)
    warned = context.warnings.as_labels()
    assert {kind: labels for kind, labels in warned.items() if labels} == {}


# What JSON Schema cannot say: values that must agree with each other or with the database. The
# document states the rest (required fields, a title in one language at least, a venue or a
# link, patterns); this hook binds, in each generated body that is well formed, the values the
# services compare: an end after its start, registration closing by the end, a session inside
# its event, a slug no other row has, a title left after a change. A malformed value is left as
# it is, so that the negative cases stay negative.
def agreeing_values(context, body):
    """`map_body`: the generated body with the values that must agree made to agree."""
    if not isinstance(body, dict):
        return body
    operation = context.operation
    fix = AGREEING.get(operation.path.removeprefix("/api/v1"))
    if fix is not None and operation.method.upper() in ("POST", "PATCH"):
        fix(body, creating=operation.method.upper() == "POST")
    return body


def _moment(value):
    """A generated date-time as the API reads it, None when it is no date-time."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def _within_years(moment: datetime) -> datetime:
    """Room a month before and a day after, inside the years the API keeps."""
    year = min(max(moment.year, 1901), 2998)
    return moment if year == moment.year else moment.replace(year=year, day=min(moment.day, 28))


def _title_kept(body: dict) -> None:
    """A change that would clear every language of the title keeps the English one."""
    title = body.get("title")
    texts = title.values() if isinstance(title, dict) else ["-"]
    if all(text is None or (isinstance(text, str) and not text.strip()) for text in texts):
        title["en"] = "Title"


def _event_times(body: dict, *, creating: bool) -> None:
    names = ("start", "end", "registration_opens", "registration_closes")
    given = {name: body[name] for name in names if body.get(name) is not None}
    moments = {name: _moment(value) for name, value in given.items()}
    if None in moments.values() or not isinstance(body.get("all_day", False), bool):
        return  # a negative case
    if not creating:
        _title_kept(body)
        body.setdefault("all_day", False)  # the world's event may have become all-day
        if not given:
            return
    start = _within_years(moments.get("start") or moments.get("end") or START)
    if body.get("all_day"):
        body["start"], body["end"] = start.date().isoformat(), start.date().isoformat()
    else:
        body["start"] = start.isoformat()
        body["end"] = (start + timedelta(hours=2)).isoformat()
    if "registration_opens" in given or "registration_closes" in given:
        body["registration_opens"] = (start - timedelta(days=30)).isoformat()
        body["registration_closes"] = start.isoformat()


def _session_times(body: dict, *, creating: bool) -> None:
    given = {name: body[name] for name in ("start", "end") if name in body}
    moments = [_moment(value) for value in given.values()]
    if None in moments:
        return  # a negative case
    if not creating:
        _title_kept(body)
    if given:  # within the timetable's event, at a generated minute of its first two hours
        start = TIMETABLE + timedelta(minutes=(moments[0].minute * 2) % 120)
        body["start"], body["end"] = start.isoformat(), (start + timedelta(hours=1)).isoformat()


def _feed_url(body: dict, *, creating: bool) -> None:
    """A well-formed address becomes the closed port's: no sync of this run leaves the machine."""
    if isinstance(body.get("url"), str) and re.fullmatch(FEED_URL_PATTERN, body["url"]):
        body["url"] = CLOSED


def _slug(body: dict, *, creating: bool, own: str, taken=NUMBERS) -> None:
    """A new row takes a slug no other has; a change keeps the row's own (its URL's)."""
    slug = body.get("slug")
    if isinstance(slug, str) and re.fullmatch(SLUG_PATTERN, slug):
        body["slug"] = f"{slug[:50]}-{next(taken)}" if creating else own


def _followed(body: dict, *, creating: bool) -> None:
    """A well-formed follow names the world's first row of its kind (it exists)."""
    kind, wanted = body.get("kind"), body.get("id")
    if kind in FOLLOWABLE and type(wanted) is int and 1 <= wanted <= MAX_INT:
        body["id"] = FOLLOWABLE[kind]


AGREEING = {
    "/me/follows": _followed,
    "/events": _event_times, "/events/{id}": _event_times,
    "/events/{id}/sessions": _session_times, "/sessions/{id}": _session_times,
    "/sources": _feed_url, "/sources/{id}": _feed_url,
    **{f"/{name}{tail}": partial(_slug, own=own) for name, own in SLUGS.items()
       for tail in ("", "/{slug}")},
}  # fmt: skip


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
