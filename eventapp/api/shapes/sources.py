"""Imported calendars' sources as read and as written, and a sync's report.

Written values are checked by `eventapp.imports.services` (the workspace's rules too), so that
both refuse the same input with the same messages: here the schema states those rules for the
document and checks only the body's shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema

from eventapp import bounds
from eventapp.api import types as t
from eventapp.api.validation import Shape
from eventapp.imports.models import Source as SourceRow
from eventapp.imports.services import MAX_INTERVAL, MIN_INTERVAL

Count = Annotated[int, Field(ge=0)]


class Skipped(Shape):
    """A feed item that was not imported, and why."""

    uid: str
    reason: str


class SyncReport(Shape):
    """What one sync did. `status`: `ok`, `not-modified` (the feed had not changed) or `failed`
    (its events were left as they were; `errors` says why)."""

    status: Literal["ok", "not-modified", "failed"]
    http_status: int | None
    created: Count
    updated: Count
    cancelled: Count
    unchanged: Count
    skipped: Annotated[int, Field(ge=0, description="How many items were skipped.")]
    skipped_items: Annotated[list[Skipped], Field(description="Each skipped item, and why.")]
    errors: list[str]
    duration_ms: Count

    @classmethod
    def of(cls, report: dict) -> dict:
        """A report as the engine keeps it (`SyncReport.as_dict`, `Source.last_report`)."""
        items = report.get("skipped") or []
        return {
            "status": report.get("status", "failed"), "http_status": report.get("http_status"),
            **{name: report.get(name) or 0
               for name in ("created", "updated", "cancelled", "unchanged", "duration_ms")},
            "skipped": report.get("skipped_count", len(items)), "skipped_items": items,
            "errors": report.get("errors") or [],
        }  # fmt: skip


class LastSync(SyncReport):
    """The source's last sync: when, and its report."""

    at: Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class Source(Shape):
    """A calendar feed the platform follows for one organisation at one site."""

    id: int
    name: str
    url: str
    organisation: str
    site: str
    series: str | None
    topics: list[str]
    language: Literal["fr", "en"]
    publish: bool
    registration: bool
    interval_minutes: int
    last_sync: LastSync | None

    @classmethod
    def of(cls, source: SourceRow) -> dict:
        last = None
        if source.last_sync_at is not None:
            report = source.last_report or {"status": source.last_status}
            last = {**SyncReport.of(report), "at": source.last_sync_at.isoformat()}
        return {
            "id": source.id, "name": source.name, "url": source.url,
            "organisation": source.organisation.slug, "site": source.site.slug,
            "series": source.series.slug if source.series else None,
            "topics": [topic.slug for topic in source.topics], "language": source.language,
            "publish": source.publish, "registration": source.registration,
            "interval_minutes": source.interval_minutes, "last_sync": last,
        }  # fmt: skip


Name = Annotated[
    Any,
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S",
                      "maxLength": bounds.MAX_NAME}),
]  # fmt: skip
FeedUrl = Annotated[
    Any,
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": bounds.MAX_URL,
                      "pattern": bounds.FEED_URL_PATTERN,
                      "description": "An https:// or webcal:// address."}),
]  # fmt: skip
Interval = t.by_service(Annotated[int, Field(ge=MIN_INTERVAL, le=MAX_INTERVAL)])


class SourceInput(t.computed("id", "last_sync")):
    """A change of a source: only the fields given change."""

    name: Name = None
    url: FeedUrl = None
    organisation: t.by_service(t.Slug) = None  # type: ignore[valid-type]
    site: t.by_service(t.SiteSlug) = None  # type: ignore[valid-type]
    series: t.by_service(t.Slug | None) = None  # type: ignore[valid-type]
    topics: t.by_service(list[t.Slug]) = None  # type: ignore[valid-type]
    language: t.by_service(Literal["fr", "en"]) = None  # type: ignore[valid-type]
    publish: t.by_service(bool) = None  # type: ignore[valid-type]
    registration: t.by_service(bool) = None  # type: ignore[valid-type]
    interval_minutes: Interval = None


class NewSource(SourceInput):
    """A new source: a name, its address, the organisation it publishes for and the site."""

    model_config = ConfigDict(
        json_schema_extra={"required": ["name", "url", "organisation", "site"]}
    )
