"""Reference data: the rules for creating, changing and deleting the rows events refer to.

The admin forms and the API both call these functions, so a rule lives in one place only.
Every function checks all its fields and raises one ReferenceDataError naming each refused field.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eventapp.accounts.models import user_organisations
from eventapp.bounds import (
    MAX_ADDRESS,
    MAX_AFFILIATION,
    MAX_INT,
    MAX_NAME,
    MAX_SLUG,
    MAX_TEXT,
    MAX_URL,
    SLUG_PATTERN,
    is_web_url,
    nul_error,
)
from eventapp.errors import Conflict, Refused
from eventapp.events.models import (
    Event,
    EventSession,
    event_organisations,
    event_speakers,
    event_topics,
    session_speakers,
)
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue

SLUG = re.compile(SLUG_PATTERN)
PUBLIC_STATUSES = ("published", "cancelled")


class ReferenceDataError(Refused):
    """A refusal with a translatable message per field; `message` and `field` are the first."""

    def __init__(self, message: Any, field: str | None = None, *, fields: dict | None = None):
        super().__init__(message, fields or ({field: message} if field else None))
        self.field = field


class InUse(Conflict, ReferenceDataError):
    """A row that cannot be deleted while events or accounts refer to it."""


class _Checks:
    """Collects refusals, so that one answer names every wrong field."""

    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}

    def refuse(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            field, message = next(iter(self.errors.items()))
            raise ReferenceDataError(message, field, fields=self.errors)


def _text(
    checks: _Checks, field: str, value: Any, max_length: int, *, required: bool = False
) -> str | None:
    """Stripped text, None when empty; refused when too long, missing or not text."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        checks.refuse(field, _l("Enter text."))
        return None
    value = value.strip()
    if nul_error(value):
        checks.refuse(field, nul_error(value))
    elif len(value) > max_length:
        checks.refuse(field, _l("Use at most %(n)d characters.", n=max_length))
    elif required and not value:
        checks.refuse(field, _l("This field is required."))
    return value or None


def _pair(checks: _Checks, field: str, fr: Any, en: Any, max_length: int) -> dict[str, Any]:
    """A bilingual value: each language checked, and at least one of them written."""
    values = {
        f"{field}_fr": _text(checks, f"{field}_fr", fr, max_length),
        f"{field}_en": _text(checks, f"{field}_en", en, max_length),
    }
    if not any(values.values()) and not set(values) & set(checks.errors):
        checks.refuse(field, _l("Write it in French or in English (at least one is required)."))
    return values


def _slug(checks: _Checks, value: Any, model: type, current: Any) -> str | None:
    """A well-formed slug no other row of `model` has, unchanged once it has been published."""
    slug = _text(checks, "slug", value, MAX_SLUG, required=True)
    if slug is None or "slug" in checks.errors:
        return slug
    if not SLUG.match(slug):
        checks.refuse(
            "slug", _l("Use lower-case letters a-z, digits and hyphens between them only.")
        )
        return slug
    if current is not None and current.slug != slug and slug_locked(current):
        checks.refuse("slug", _l("Published events use this slug: it cannot change any more."))
        return slug
    taken = select(model.id).where(model.slug == slug)
    if current is not None and current.id is not None:
        taken = taken.where(model.id != current.id)
    if db.session.scalar(taken) is not None:
        checks.refuse("slug", _l("Another entry already uses this slug."))
    return slug


def _url(checks: _Checks, value: Any) -> str | None:
    url = _text(checks, "url", value, MAX_URL)
    if url is not None and "url" not in checks.errors and not is_web_url(url):
        checks.refuse("url", _l("Enter an address that starts with http:// or https://."))
    return url


def _site(checks: _Checks, value: Any, *, required: bool) -> Site | None:
    slug = _text(checks, "site", value, MAX_SLUG, required=required)
    if slug is None or "site" in checks.errors:
        return None
    site = db.session.scalar(select(Site).where(Site.slug == slug))
    if site is None:
        checks.refuse("site", _l("Choose one of the sites."))
    return site


def _capacity(checks: _Checks, value: Any) -> int | None:
    """None when empty; else a whole number, 0 or more (typed text or a JSON number)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
        checks.refuse("capacity", _l("Give a whole number, 0 or more."))
        return None
    return value


def save_organisation(
    org: Organisation | None, *, slug: Any, name_fr: Any, name_en: Any, url: Any, site: Any
) -> Organisation:
    """Create an organisation (`org` None) or change one."""
    checks = _Checks()
    values = {
        "slug": _slug(checks, slug, Organisation, org),
        **_pair(checks, "name", name_fr, name_en, MAX_NAME),
        "url": _url(checks, url),
        "site": _site(checks, site, required=True),
    }
    checks.raise_if_any()
    return _store(org or Organisation(), values)


def save_venue(
    venue: Venue | None, *, name_fr: Any, name_en: Any, address: Any, site: Any, capacity: Any
) -> Venue:
    """Create a venue (`venue` None) or change one."""
    checks = _Checks()
    values = {
        **_pair(checks, "name", name_fr, name_en, MAX_NAME),
        "address": _text(checks, "address", address, MAX_ADDRESS, required=True) or "",
        "site": _site(checks, site, required=True),
        "capacity": _capacity(checks, capacity),
    }
    checks.raise_if_any()
    return _store(venue or Venue(), values)


def save_series(
    series: Series | None, *, slug: Any, title_fr: Any, title_en: Any,
    description_fr: Any = None, description_en: Any = None, site: Any = None,
) -> Series:  # fmt: skip
    """Create a series (`series` None) or change one; its site is optional."""
    checks = _Checks()
    values = {
        "slug": _slug(checks, slug, Series, series),
        **_pair(checks, "title", title_fr, title_en, MAX_NAME),
        "description_fr": _text(checks, "description_fr", description_fr, MAX_TEXT),
        "description_en": _text(checks, "description_en", description_en, MAX_TEXT),
        "site": _site(checks, site, required=False),
    }
    checks.raise_if_any()
    return _store(series or Series(), values)


def save_topic(topic: Topic | None, *, slug: Any, name_fr: Any, name_en: Any) -> Topic:
    """Create a topic (`topic` None) or change one."""
    checks = _Checks()
    values = {
        "slug": _slug(checks, slug, Topic, topic),
        **_pair(checks, "name", name_fr, name_en, MAX_NAME),
    }
    checks.raise_if_any()
    return _store(topic or Topic(), values)


def save_person(person: Person | None, *, name: Any, affiliation: Any = None) -> Person:
    """Create a speaker (`person` None) or change one."""
    checks = _Checks()
    values = {
        "name": _text(checks, "name", name, MAX_NAME, required=True),
        "affiliation": _text(checks, "affiliation", affiliation, MAX_AFFILIATION),
    }
    checks.raise_if_any()
    return _store(person or Person(), values)


def _store(obj: Any, values: dict[str, Any]) -> Any:
    """Set only what changed (so that an unchanged save moves no event), add and flush."""
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
    db.session.add(obj)
    db.session.flush()
    return obj


def _events_using(obj: Any, *, statuses: tuple[str, ...] | None = None) -> int:
    """How many events refer to `obj` (of `statuses` when given)."""
    if isinstance(obj, Organisation):
        where = Event.id.in_(
            select(event_organisations.c.event_id).where(
                event_organisations.c.organisation_id == obj.id
            )
        )
    elif isinstance(obj, Topic):
        where = Event.id.in_(
            select(event_topics.c.event_id).where(event_topics.c.topic_id == obj.id)
        )
    elif isinstance(obj, Series):
        where = Event.series_id == obj.id
    elif isinstance(obj, Venue):
        where = Event.venue_id == obj.id
    else:
        where = Event.id.in_(
            select(event_speakers.c.event_id)
            .where(event_speakers.c.person_id == obj.id)
            .union(
                select(EventSession.event_id)
                .join(session_speakers, session_speakers.c.event_session_id == EventSession.id)
                .where(session_speakers.c.person_id == obj.id)
            )
        )
    query = select(func.count(Event.id)).where(where)
    if statuses:
        query = query.where(Event.status.in_(statuses))
    return db.session.scalar(query) or 0


def slug_locked(obj: Organisation | Series | Topic) -> bool:
    """Whether a published or cancelled event shows `obj`'s slug, so that it must not change."""
    return obj.id is not None and _events_using(obj, statuses=PUBLIC_STATUSES) > 0


def delete(obj: Organisation | Venue | Series | Topic | Person) -> None:
    """Delete a row nothing refers to; refuse otherwise (events keep their hosts and places)."""
    events = _events_using(obj)
    if events:
        raise InUse(_l("It cannot be deleted: %(n)d event(s) refer to it.", n=events))
    if isinstance(obj, Organisation):
        members = db.session.scalar(
            select(func.count()).where(user_organisations.c.organisation_id == obj.id)
        )
        if members:
            raise InUse(_l("It cannot be deleted: %(n)d account(s) organise for it.", n=members))
    db.session.delete(obj)
    db.session.flush()
