"""The field names the writing API takes and ignores, as its declarations say (for the tests
and anyone who wants them as plain data)."""

from __future__ import annotations

from eventapp.api.shapes.writing import EventWrite, SessionWrite


def _names(shape, *, computed: bool) -> tuple[str, ...]:
    return tuple(
        name
        for name, info in shape.model_fields.items()
        if (info.description == "Computed: ignored.") == computed
    )


EVENT_WRITABLE = _names(EventWrite, computed=False)
EVENT_IGNORED = _names(EventWrite, computed=True)
SESSION_WRITABLE = _names(SessionWrite, computed=False)
SESSION_IGNORED = _names(SessionWrite, computed=True)
