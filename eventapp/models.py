"""Every model, imported in one place for Alembic and the shell."""

from eventapp.events.models import Event, EventSession
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue

__all__ = ["Event", "EventSession", "Organisation", "Person", "Series", "Site", "Topic", "Venue"]
