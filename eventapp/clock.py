"""The application's one clock: views, commands and the worker read the time here.

In production it is the system's UTC time. Tests set where it stands, with `clock.set()` or the
`EVENTAPP_CLOCK_START` setting; from there it moves on at the real pace, so code that compares
two readings still sees time pass. Services never read it: they take `now` as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, has_app_context

_KEY = "eventapp.clock"


def system_now() -> datetime:
    """The machine's current instant, timezone-aware."""
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; one given without an offset is UTC."""
    instant = datetime.fromisoformat(text)
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


class _Offset:
    """How far the app's clock stands from the system's (one per app)."""

    def __init__(self, delta: timedelta) -> None:
        self.delta = delta


class Clock:
    """Flask extension: `clock.now()` is the app's current instant."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        start = app.config.get("EVENTAPP_CLOCK_START")
        if isinstance(start, str):
            start = parse_instant(start)
        app.extensions[_KEY] = _Offset(start - system_now() if start else timedelta(0))

    def now(self) -> datetime:
        """The current instant as the app sees it (the system's outside an app context)."""
        offset = self._offset()
        return system_now() + (offset.delta if offset else timedelta(0))

    def reader(self) -> Callable[[], datetime]:
        """This app's clock as a function that any thread may call, with or without a context
        (the worker's lease keeper); it follows later `set` and `advance` calls."""
        offset = self._require()
        return lambda: system_now() + offset.delta

    def set(self, instant: datetime) -> None:
        """Put the app's clock at `instant`; it keeps moving from there."""
        self._require().delta = instant - system_now()

    def advance(self, delta: timedelta) -> None:
        """Move the app's clock on (or back) by `delta`."""
        self._require().delta += delta

    def _offset(self) -> _Offset | None:
        return current_app.extensions.get(_KEY) if has_app_context() else None

    def _require(self) -> _Offset:
        offset = self._offset()
        if offset is None:
            raise RuntimeError("the clock is set through an app (an app context is needed)")
        return offset
