"""How the event services refuse: members of the one domain error family (`eventapp.errors`)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from eventapp import errors


class EventError(errors.Conflict):
    """A change the event's state does not allow; `message` is translatable."""


class OwnedElsewhere(EventError):
    """A person's change to a field that the event's owner (its imported calendar) provides."""


class NotADraft(EventError):
    """Only a draft can do this (be published, be deleted)."""


class InvalidChange(errors.Refused, EventError):
    """A change that makes no sense for this event (an end before its start, a foreign venue)."""


class InvalidInput(errors.Refused):
    """Input that cannot be saved; `fields` maps each field to its (translatable) message."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(_l("Some fields are not valid."), fields)


class NotAllowed(errors.NotAllowed):
    """The actor may not create or change this event."""

    message = _l("You may only act on events hosted by your organisations.")

    def __init__(self) -> None:
        super().__init__(type(self).message)
