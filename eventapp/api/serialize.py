"""Events as the API shows them, for code that wants the JSON without a request to the API."""

from __future__ import annotations

from eventapp.api.shapes.events import Event
from eventapp.api.validation import answer
from eventapp.events.models import Event as EventRow


def event_json(event: EventRow) -> dict:
    """Every field of the contract for one event."""
    return answer(Event, Event.of(event))
