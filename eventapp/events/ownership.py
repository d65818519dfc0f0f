"""Events whose fields belong to someone else: an imported event's source provides its times,
place, link and the texts in its language, so organisers change those there, not here.

The events package does not know who owns what: the owner answers `signals.event_owner`
(imports does, for the events of a source). The services ask before a person changes a field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from eventapp.events import signals
from eventapp.events.errors import OwnedElsewhere
from eventapp.events.models import Event

# How the forms and the API name an owned field of the model.
TEXTS = ("title", "summary", "description")
SHOWN = {
    "start_at": "start", "end_at": "end", "site_id": "site", "venue_id": "venue",
    **{f"{name}_{lang}": name for name in TEXTS for lang in ("fr", "en")},
}  # fmt: skip


@dataclass(frozen=True)
class Owner:
    """Who provides some of an event's fields (`fields`, as the model names them)."""

    name: str
    fields: frozenset[str]


def owner_of(event: Event) -> Owner | None:
    """The event's owner, or None for an event made (or detached) here."""
    if event.source_id is None:  # the one kind of owner there is: no need to ask
        return None
    for _receiver, answer in signals.event_owner.send(event):
        if answer is not None:
            return answer
    return None


def check_unowned(event: Event, changed: Iterable[str]) -> None:
    """Refuse a person's change to a field the owner provides (OwnedElsewhere, a conflict
    naming each field as the forms and the API name it)."""
    owner = owner_of(event)
    if owner is None:
        return
    taken = list(dict.fromkeys(SHOWN.get(name, name) for name in changed if name in owner.fields))
    if taken:
        message = _l(
            "This event comes from “%(source)s”: change %(fields)s there, or detach the event "
            "from its source.",
            source=owner.name,
            fields=", ".join(taken),
        )
        raise OwnedElsewhere(message, dict.fromkeys(taken, message))
