"""Creating and editing events: one service behind the organiser's forms and the API.

Input comes as plain values (wall times in the site's zone or instants with an offset, slugs
and ids); everything is checked before anything is changed, so a refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.events import history, hosts, signals
from eventapp.events.changes import NOT_IN_CALENDARS
from eventapp.events.checks import check_links, overlap_warnings, resolve_times, scalar_errors
from eventapp.events.errors import InvalidInput, NotAllowed
from eventapp.events.models import Event
from eventapp.events.ownership import Owner, check_unowned, owner_of
from eventapp.events.placing import Placing
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.settings import Settings

SIGNIFICANT = ("start_at", "end_at", "all_day", "site_id", "venue_id", "status")
TRACKED = (
    "kind", "language", "site_id", "venue_id", "series_id", "online_url", "all_day",
    "start_at", "end_at", "title_fr", "title_en", "summary_fr", "summary_en",
    "description_fr", "description_en", "capacity", "registration_opens_at",
    "registration_closes_at",
)  # fmt: skip


@dataclass
class EventInput:
    """An event as typed or sent: texts, wall times (or instants), slugs and ids."""

    kind: str = "seminar"
    site: str = ""
    language: str = "en"
    title_fr: str | None = None
    title_en: str | None = None
    summary_fr: str | None = None
    summary_en: str | None = None
    description_fr: str | None = None
    description_en: str | None = None
    all_day: bool = False
    start: datetime | date | None = None
    end: datetime | date | None = None
    venue_id: int | None = None
    online_url: str | None = None
    organisations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    series: str | None = None
    speakers: list[int] = field(default_factory=list)
    capacity: int | None = None
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None


@dataclass
class Outcome:
    """The saved event and what the organiser should know about it."""

    event: Event
    warnings: list[str] = field(default_factory=list)


def save_event(
    event: Event | None, data: EventInput, *, actor: User, now: datetime, settings: Settings
) -> Outcome:
    """Create (event None) or update an event; raises InvalidInput or NotAllowed."""
    if event is not None and not may_host(actor, event.organisations):
        raise NotAllowed()
    owner = owner_of(event) if event is not None else None
    refs, times, warnings = _checked(data, actor, owner)
    values = _values(data, refs, times)
    if event is not None:  # what an imported calendar provides is changed there
        check_unowned(
            event, [name for name, value in values.items() if getattr(event, name) != value]
        )
    before = Placing.of(event) if event is not None else None
    if event is None:
        (target, named), changes = _create(values, refs, actor, now), {}
    else:
        warnings += _zone_warning(event, refs["site"])
        target, changes, named = event, *_update(event, values, refs, actor, now)
    warnings += hosts.invited_warnings(named.invited)
    for organisation in named.new:
        signals.cohost_invited.send(target, organisation=organisation, now=now, settings=settings)
    warnings += overlap_warnings(target, actor)
    if before is not None:
        _announce(target, changes, before, now, settings)
    return Outcome(target, warnings)


def input_errors(data: EventInput) -> dict:
    """What the app would refuse in `data` (field → message), whoever sends it; nothing changed."""
    return _examined(data, need_place=True)[0]


def _examined(data: EventInput, *, need_place: bool) -> tuple[dict, dict, dict, list]:
    """The errors, the rows and instants the input names, and warnings."""
    errors = scalar_errors(data)
    refs = _references(data, errors, need_place=need_place)
    site = refs["site"]
    times, warnings = resolve_times(data, site.timezone if site else None, errors)
    return errors, refs, times, warnings


def _checked(data: EventInput, actor: User, owner: Owner | None) -> tuple[dict, dict, list]:
    """The rows and instants the input names, with warnings; everything checked, nothing changed.
    What an owner (an imported calendar) provides is its own: its place is not ours to require."""
    need_place = owner is None or "venue_id" not in owner.fields
    errors, refs, times, warnings = _examined(data, need_place=need_place)
    if errors:
        raise InvalidInput(errors)
    # The actor's own organisations are accepted at once and the others only invited, so this
    # keeps at least one accepted host of the actor's on every event they save.
    if not may_host(actor, refs["organisations"]):
        raise NotAllowed()
    return refs, times, warnings


def _assign(target: Event, values: dict, refs: dict) -> None:
    """Put the values on the event; relationships rather than ids, so the event in this session
    shows its new site at once."""
    # No flush half-way (loading a collection would): the flush hook would count a second change.
    with db.session.no_autoflush:
        for name, value in values.items():
            if not name.endswith("_id"):
                setattr(target, name, value)
        target.site, target.venue = refs["site"], refs["venue"]
        target.series = refs["series"][0] if refs["series"] else None
        target.topics, target.speakers = refs["topics"], refs["speakers"]


def _create(values: dict, refs: dict, actor: User, now: datetime) -> tuple[Event, hosts.Named]:
    """The new event, and the hosts it invites."""
    event = Event(status="draft", created_at=now)
    _assign(event, values, refs)
    event.updated_at = now
    db.session.add(event)
    db.session.flush()
    named = hosts.name_hosts(event, refs["organisations"], actor=actor, now=now)
    history.record(event.id, actor, "created", {}, now=now)
    return event, named


def _update(event: Event, values: dict, refs: dict, actor: User, now: datetime) -> tuple:
    """Change the event; returns what changed, field by field (also kept in its history), and
    the hosts still invited."""
    before = {name: getattr(event, name, None) for name in TRACKED}
    links_before = _links(event)
    _assign(event, values, refs)
    changes = _diff(before, values)
    if any(name in changes for name in SIGNIFICANT):
        event.sequence = (event.sequence or 0) + 1
    # Plain statements on the link table: no flush half-way through the changes above.
    named = hosts.name_hosts(event, refs["organisations"], actor=actor, now=now)
    # Saving what is already there changes nothing: no new LAST-MODIFIED in every calendar; nor
    # does a change that no calendar shows (the capacity, the registration window).
    links_changed = _links(event) != links_before
    touched = bool(changes) or links_changed
    if links_changed or set(changes) - NOT_IN_CALENDARS:
        event.updated_at = now
    db.session.flush()
    if touched:
        history.record(event.id, actor, "updated", changes, now=now)
    return changes, named


def _zone_warning(event: Event, site: Site) -> list:
    if event.site.timezone == site.timezone:
        return []
    return [_l("The site's time zone differs: the times you see are kept, so the event moved.")]


MOVING = ("start_at", "end_at", "all_day", "site_id", "venue_id")


def _announce(
    event: Event, changes: dict, before: Placing, now: datetime, settings: Settings
) -> None:
    """Say what changed: registrants hear of a new time or place, people waiting of more room."""
    if event.status == "published" and any(name in changes for name in MOVING):
        signals.event_moved.send(
            event, now=now, settings=settings, changes=sorted(changes), before=before
        )
    if "capacity" in changes:
        signals.event_capacity_changed.send(event, now=now, settings=settings)


def _references(data: EventInput, errors: dict, *, need_place: bool = True) -> dict:
    """The rows the input names; an unknown one is an error on its field."""
    site = db.session.scalar(select(Site).where(Site.slug == data.site)) if data.site else None
    if site is None:
        errors["site"] = _l("Choose a site.")
    venue = db.session.get(Venue, data.venue_id) if data.venue_id else None
    if data.venue_id and venue is None:
        errors["venue"] = _l("Unknown venue.")
    elif venue is not None and site is not None and venue.site_id != site.id:
        errors["venue"] = _l("This venue is not at the event's site.")
    refs = {
        "site": site,
        "venue": venue,
        "organisations": _by_slug(Organisation, data.organisations, "organisations", errors),
        "topics": _by_slug(Topic, data.topics, "topics", errors),
        "series": _by_slug(Series, [data.series] if data.series else [], "series", errors),
        "speakers": _by_id(Person, data.speakers, "speakers", errors),
    }
    if not data.organisations and "organisations" not in errors:
        errors["organisations"] = _l("Choose at least one host organisation.")
    check_links(data, venue, errors, need_place=need_place)
    return refs


def _by_slug(model, slugs: list[str], name: str, errors: dict) -> list:
    rows = db.session.scalars(select(model).where(model.slug.in_(slugs))).all() if slugs else []
    found = {row.slug: row for row in rows}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        errors[name] = _l("Unknown value: %(values)s", values=", ".join(missing))
    return [found[slug] for slug in dict.fromkeys(slugs) if slug in found]


def _by_id(model, ids: list[int], name: str, errors: dict) -> list:
    rows = db.session.scalars(select(model).where(model.id.in_(ids))).all() if ids else []
    found = {row.id: row for row in rows}
    if any(i not in found for i in ids):
        errors[name] = _l("Unknown value: %(values)s", values=", ".join(map(str, ids)))
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _values(data: EventInput, refs: dict, times: dict) -> dict:
    def text(value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    return {
        "kind": data.kind,
        "language": data.language,
        "site_id": refs["site"].id,
        "venue_id": refs["venue"].id if refs["venue"] else None,
        "series_id": refs["series"][0].id if refs["series"] else None,
        "online_url": text(data.online_url),
        "all_day": data.all_day,
        **{name: text(getattr(data, name)) for name in TRACKED if name.endswith(("_fr", "_en"))},
        "capacity": data.capacity,
        **times,
    }


def _links(event: Event) -> tuple:
    """The event's hosts (accepted or invited), topics and speakers, in order, by id."""
    others = (tuple(row.id for row in rows) for rows in (event.topics, event.speakers))
    return (hosts.listed(event), *others)


def _diff(before: dict, after: dict) -> dict:
    return {
        name: [_show(before.get(name)), _show(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _show(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else str(value)
