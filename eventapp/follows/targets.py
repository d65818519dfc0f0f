"""What can be followed: each kind's table, its name in a language, its page, and an event's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from eventapp.events.models import Event, EventSession, event_speakers, session_speakers
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic

MODELS: dict[str, type] = {
    "series": Series, "topic": Topic, "site": Site, "organisation": Organisation,
    "speaker": Person,
}  # fmt: skip
# The page of each kind (the reference blueprint's endpoint) and what its URL names it by.
ENDPOINTS = {
    "series": "reference.series", "topic": "reference.topic", "site": "reference.site",
    "organisation": "reference.organisation", "speaker": "reference.speaker",
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A followed row as a page or a mail shows it: its kind, id, name and page's path."""

    kind: str
    id: int
    name: str
    lang: str  # the language `name` is in (a fallback may be in the other)
    path: str  # on the site, without the base URL


def find(kind: str, target_id: int):
    """The row `kind` `target_id` names, or None."""
    model = MODELS.get(kind)
    return db.session.get(model, target_id) if model is not None else None


def describe(kind: str, row, lang: str) -> Target:
    """The row as a person reads it in `lang`."""
    if kind == "speaker":
        return Target(kind, row.id, row.name, lang, f"/{lang}/speakers/{row.id}")
    field = "title" if kind == "series" else "name"
    name = row.localised(field, lang)
    segment = {"series": "series", "topic": "topics", "site": "sites"}.get(kind, "organisations")
    return Target(kind, row.id, name.text, name.lang, f"/{lang}/{segment}/{row.slug}")


def describe_all(pairs: list[tuple[str, int]], lang: str) -> list[Target]:
    """The rows that still exist among `pairs`, described in `lang`, in the order given."""
    found = []
    for kind, target_id in pairs:
        row = find(kind, target_id)
        if row is not None:
            found.append(describe(kind, row, lang))
    return found


def event_keys(event: Event) -> set[tuple[str, int]]:
    """Every (kind, id) a follower of which hears of `event`: its series, site, topics, hosts,
    and speakers (of the event or of one of its sessions)."""
    keys = {("site", event.site_id)}
    if event.series_id is not None:
        keys.add(("series", event.series_id))
    keys |= {("topic", topic.id) for topic in event.topics}
    keys |= {("organisation", org.id) for org in event.organisations}
    speakers = select(event_speakers.c.person_id).where(event_speakers.c.event_id == event.id)
    in_sessions = (
        select(session_speakers.c.person_id)
        .join(EventSession, EventSession.id == session_speakers.c.event_session_id)
        .where(EventSession.event_id == event.id)
    )
    keys |= {("speaker", pid) for pid in db.session.scalars(speakers.union(in_sessions))}
    return keys
