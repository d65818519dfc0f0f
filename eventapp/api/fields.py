"""The field names the writing API takes: plain data, shared by the parser and the document."""

from __future__ import annotations

MAX_INT = 2**31 - 1  # integer columns are 32-bit on PostgreSQL
TEXT_PAIRS = ("title", "summary", "description")
EVENT_WRITABLE = (
    "kind", "status", "site", "all_day", "start", "end", *TEXT_PAIRS, "language", "venue",
    "online_url", "organisations", "topics", "series", "speakers", "capacity",
    "registration_opens", "registration_closes", "cancel_reason",
)  # fmt: skip
# What the API shows but computes: accepted (so that what was read can be written back), ignored.
EVENT_IGNORED = (
    "id", "timezone", "url", "ics", "places_left", "sequence", "updated_at", "sessions", "warnings",
)  # fmt: skip
SESSION_WRITABLE = ("title", "start", "end", "room", "speakers", "capacity")
SESSION_IGNORED = ("id", "event", "warnings")
