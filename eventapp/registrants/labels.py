"""The words the registrants' list and its CSV share: statuses and session names."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eventapp.events.models import Event

STATUS_WORDS = {
    "confirmed": _l("confirmed"),
    "pending": _l("pending"),
    "waiting": _l("waiting"),
    "cancelled": _l("cancelled"),
}


def status_word(status: str) -> str:
    """A registration's (or a chosen session's) status in the current language."""
    return str(STATUS_WORDS.get(status, status))


def session_titles(event: Event, lang: str) -> dict[int, str]:
    """Each session's title in `lang` (or the other language), by id; `#id` when untitled."""
    return {s.id: s.localised("title", lang).text or f"#{s.id}" for s in event.sessions}
