"""A person's follows as plain JSON-ready data: for the export and the API (a pure builder)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from eventapp.accounts.models import User
from eventapp.follows import services, targets
from eventapp.follows.models import Follow
from eventapp.settings import Settings


def follow_item(follow: Follow, lang: str, settings: Settings) -> dict[str, Any]:
    """One follow: its kind and id, and the row's name and page (null once it was deleted)."""
    row = targets.find(follow.kind, follow.target_id)
    shown = targets.describe(follow.kind, row, lang) if row is not None else None
    return {
        "kind": follow.kind, "id": follow.target_id,
        "name": shown.name if shown else None,
        "url": settings.absolute(shown.path) if shown else None,
        "created_at": follow.created_at.astimezone(UTC).isoformat(),
    }  # fmt: skip


def follows_data(user: User, settings: Settings) -> dict[str, Any]:
    """What the person follows, and how they hear of new events (`each` or `weekly`)."""
    return {
        "mail": "weekly" if services.is_weekly(user.id) else "each",
        "items": [follow_item(f, user.language, settings) for f in services.follows_of(user.id)],
    }
