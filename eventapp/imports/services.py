"""Managing sources: who may see and change which, and the rules a source's fields keep.

The workspace's screens and the API both call these functions, so both refuse the same input
with the same messages, every wrong field at once. Deleting a source keeps its events: the
database sets their `source_id` to NULL and they become ordinary events.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.permissions import is_admin, organisation_ids
from eventapp.bounds import (
    MAX_NAME,
    MAX_SLUG,
    MAX_URL,
    SLUG_PATTERN,
    is_web_url,
    nul_error,
    too_long,
)
from eventapp.errors import NotAllowed, NotFound, Refused
from eventapp.extensions import db
from eventapp.imports.fetch import LOCAL_HOSTS, https_url, literal_private_host
from eventapp.imports.models import DEFAULT_INTERVAL_MINUTES, LANGUAGES, Source
from eventapp.reference.models import Organisation, Series, Site, Topic

SLUG = re.compile(SLUG_PATTERN)
MIN_INTERVAL, MAX_INTERVAL = 5, 7 * 24 * 60  # minutes: five minutes to a week
FIELDS = (
    "name", "url", "organisation", "site", "series", "topics", "language", "publish",
    "registration", "interval_minutes",
)  # fmt: skip

NO_SOURCE = _l("There is no source with this id.")
REQUIRED = _l("This field is required.")
NOT_TEXT = _l("Enter text.")
NOT_FEED_URL = _l("Give an address starting with https:// or webcal://.")
PRIVATE_URL = _l(
    "This address is on a private, local or reserved network: feeds are read from the internet."
)
NO_ORGANISATION = _l("There is no organisation with this slug.")
NOT_YOURS = _l("You may only manage the sources of your own organisations.")
NO_SITE = _l("Choose a site.")
NO_SERIES = _l("There is no series with this slug.")
NOT_SLUGS = _l("Give a list of slugs.")
NOT_LANGUAGE = _l("Choose French or English.")
NOT_BOOLEAN = _l("Give true or false.")
NOT_INTERVAL = _l(
    "Give a whole number of minutes from %(low)d to %(high)d.", low=MIN_INTERVAL, high=MAX_INTERVAL
)


class SourceError(Refused):
    """A source refused as given: a translatable message per field, the first as `message`."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(next(iter(fields.values())), fields)


def may_manage_sources(user: Any) -> bool:
    """Admins, and organisers of at least one organisation."""
    return is_admin(user) or bool(organisation_ids(user))


def _check_manager(user: Any) -> None:
    if not may_manage_sources(user):
        raise NotAllowed(NOT_YOURS)


def sources_for(user: Any) -> list[Source]:
    """The sources `user` may manage, by name: admins all, organisers their organisations'."""
    _check_manager(user)
    query = select(Source).order_by(Source.name, Source.id)
    if not is_admin(user):
        query = query.where(Source.organisation_id.in_(organisation_ids(user)))
    return list(db.session.scalars(query))


def source_for(user: Any, source_id: int | None) -> Source:
    """The source `user` may manage; another organisation's is answered as missing (NotFound)."""
    _check_manager(user)
    source = db.session.get(Source, source_id) if source_id else None
    if source is None or not (is_admin(user) or source.organisation_id in organisation_ids(user)):
        raise NotFound(NO_SOURCE)
    return source


def values_of(source: Source | None) -> dict[str, Any]:
    """A source's fields as `save_source` takes them (the defaults for a new one)."""
    if source is None:
        return {"name": None, "url": None, "organisation": None, "site": None, "series": None,
                "topics": [], "language": "en", "publish": True, "registration": False,
                "interval_minutes": DEFAULT_INTERVAL_MINUTES}  # fmt: skip
    return {
        "name": source.name, "url": source.url, "organisation": source.organisation.slug,
        "site": source.site.slug, "series": source.series.slug if source.series else None,
        "topics": [t.slug for t in source.topics], "language": source.language,
        "publish": source.publish, "registration": source.registration,
        "interval_minutes": source.interval_minutes,
    }  # fmt: skip


def url_rules(config: Mapping[str, Any]) -> dict[str, bool]:
    """What the configuration allows of a feed's address, as `save_source` takes it."""
    return {
        "allow_http_localhost": bool(config.get("IMPORTS_ALLOW_HTTP_LOCALHOST", False)),
        "allow_private": bool(config.get("IMPORTS_ALLOW_PRIVATE", False)),
    }


def feed_url_error(
    url: str, *, allow_http_localhost: bool = False, allow_private: bool = False
) -> Any | None:
    """Why `url` cannot be a feed's address (https or webcal only, not a private IP), or None.
    A host name is judged when a sync resolves it (imports/fetch.py)."""
    address = https_url(url)
    parts = urlsplit(address)
    if not is_web_url(address):
        return NOT_FEED_URL
    local = allow_http_localhost and (parts.hostname or "") in LOCAL_HOSTS
    if parts.scheme.lower() != "https" and not local:
        return NOT_FEED_URL
    if not allow_private and literal_private_host(parts.hostname or ""):
        return PRIVATE_URL
    return None


def _text(errors: dict, name: str, value: Any, limit: int) -> str | None:
    if value is not None and not isinstance(value, str):
        errors[name] = NOT_TEXT
        return None
    text = " ".join((value or "").split())
    if not text:
        errors[name] = REQUIRED
    elif nul_error(text):
        errors[name] = nul_error(text)
    elif len(text) > limit:
        errors[name] = too_long(limit)
    return text or None


def _by_slug(model: type, value: Any) -> Any | None:
    # Only a well-formed slug is looked for: PostgreSQL refuses a NUL byte even in a comparison.
    if not isinstance(value, str) or len(value) > MAX_SLUG or not SLUG.fullmatch(value):
        return None
    return db.session.scalar(select(model).where(model.slug == value))


def _topics(errors: dict, value: Any) -> list[Topic]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors["topics"] = NOT_SLUGS
        return []
    found = []
    for slug in dict.fromkeys(value):
        topic = _by_slug(Topic, slug)
        if topic is None:
            missing = _l("There is no topic with this slug: %(slug)s.", slug=slug[:60])
            errors.setdefault("topics", missing)
        else:
            found.append(topic)
    return found


def _interval(errors: dict, value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok or not MIN_INTERVAL <= value <= MAX_INTERVAL:
        errors["interval_minutes"] = NOT_INTERVAL
        return None
    return value


def _boolean(errors: dict, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        errors[name] = NOT_BOOLEAN
        return False
    return value


def save_source(
    source: Source | None,
    values: dict[str, Any],
    *,
    actor: Any,
    allow_http_localhost: bool = False,
    allow_private: bool = False,
) -> Source:
    """Create (source None) or change a source from `values` (see FIELDS); raises SourceError
    naming every refused field, NotAllowed for an organisation that is not the actor's."""
    _check_manager(actor)
    errors: dict[str, Any] = {}
    name = _text(errors, "name", values.get("name"), MAX_NAME)
    url = _text(errors, "url", values.get("url"), MAX_URL)
    if url and "url" not in errors:
        problem = feed_url_error(
            url, allow_http_localhost=allow_http_localhost, allow_private=allow_private
        )
        if problem:
            errors["url"] = problem
    organisation = _by_slug(Organisation, values.get("organisation"))
    if organisation is None:
        errors["organisation"] = NO_ORGANISATION if values.get("organisation") else REQUIRED
    elif not is_admin(actor) and organisation.id not in organisation_ids(actor):
        raise NotAllowed(NOT_YOURS, {"organisation": NOT_YOURS})
    site = _by_slug(Site, values.get("site"))
    if site is None:
        errors["site"] = NO_SITE
    series = _by_slug(Series, values.get("series"))
    if values.get("series") is not None and series is None:
        errors["series"] = NO_SERIES
    topics = _topics(errors, values.get("topics"))
    language = values.get("language")
    if language not in LANGUAGES:
        errors["language"] = NOT_LANGUAGE
    publish = _boolean(errors, "publish", values.get("publish"))
    registration = _boolean(errors, "registration", values.get("registration"))
    interval = _interval(errors, values.get("interval_minutes"))
    if errors:
        raise SourceError(errors)
    if source is None:
        source = Source()
        db.session.add(source)
    if source.url != url:  # a new address is read in full, at once
        source.etag = source.last_modified = source.content_sha256 = None
        source.content_read_at = source.next_sync_at = None
    source.name, source.url, source.organisation, source.site = name, url, organisation, site
    source.series, source.topics, source.language = series, topics, language
    source.publish, source.registration, source.interval_minutes = publish, registration, interval
    db.session.flush()
    return source


def delete_source(source: Source, *, actor: Any) -> None:
    """Delete `source`; its events stay, as ordinary events (their `source_id` becomes NULL)."""
    source_for(actor, source.id)
    db.session.delete(source)
    db.session.flush()
