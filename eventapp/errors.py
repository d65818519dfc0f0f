"""The one family of refusals that services raise: what went wrong, never how to answer it.

Each carries a translatable `message` and, where the refusal is about input, `fields` (a field
name to its message). The family says what kind of refusal it is (refused input, not found, not
allowed, a conflict with the current state); the pages and the API choose the status and the
page at the edge (`eventapp/refusals.py`).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A service's refusal: a translatable message, and the fields it is about."""

    def __init__(self, message: Any, fields: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.fields: dict[str, Any] = dict(fields or {})


class Refused(DomainError):
    """Input that cannot be accepted as it is."""


class NotFound(DomainError):
    """What the request names does not exist (or is not visible to the actor)."""


class NotAllowed(DomainError):
    """The actor may not do this."""


class Conflict(DomainError):
    """The current state does not allow this (a draft only, registration closed, in use…)."""
