"""Every model, imported in one place for Alembic and the shell."""

from eventapp.accounts.models import ApiToken, User
from eventapp.events import changes  # noqa: F401  (flush-time invariants)
from eventapp.events.history import EventChange
from eventapp.events.models import Event, EventSession
from eventapp.feeds import tracking  # noqa: F401  (feed state follows every change)
from eventapp.feeds.models import FeedState, IcalBlock
from eventapp.follows.models import Follow, FollowNotice, FollowPreference
from eventapp.imports.models import Source
from eventapp.mail.models import OutboxMessage
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.registrants.models import EventMessage
from eventapp.registrations import history  # noqa: F401  (search text and status history)
from eventapp.registrations.models import Registration, RegistrationChange, RegistrationSession

__all__ = [
    "ApiToken",
    "OutboxMessage",
    "Registration",
    "RegistrationSession",
    "RegistrationChange",
    "EventMessage",
    "User",
    "Event",
    "EventChange",
    "EventSession",
    "FeedState",
    "Follow",
    "FollowNotice",
    "FollowPreference",
    "IcalBlock",
    "Source",
    "Organisation",
    "Person",
    "Series",
    "Site",
    "Topic",
    "Venue",
]
