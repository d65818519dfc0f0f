"""What the event services announce, for the features that follow events to act on.

The events package knows nothing of who listens: registrations tell their attendees and give
places to people waiting, feeds, mail and the rest subscribe in their own `init_app`. Every
signal is sent with the event as sender, `now` (the services' injected clock) and `settings`
(the app's, as the services were given them); a receiver works in the sender's database session
and transaction, and must not commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: The event is about to be moved or cancelled in this transaction (sent before any change):
#: what was decided about it earlier in the transaction and is still to be written out (mail
#: rendered after the commit) must be written as the event was.
event_changing = _signals.signal("event-changing")
#: The event's time or place changed (a published event): `changes` names what moved, `before`
#: is its time and place before the change (a `placing.Placing`).
event_moved = _signals.signal("event-moved")
#: A published event was cancelled.
event_cancelled = _signals.signal("event-cancelled")
#: The event's capacity changed (or was lifted): places may be free for people waiting.
event_capacity_changed = _signals.signal("event-capacity-changed")
#: An organisation was invited to co-host the event: `organisation` is the one invited.
cohost_invited = _signals.signal("cohost-invited")
#: Who owns some of the event's fields (an imported calendar): a receiver answers an
#: `ownership.Owner` for an event it owns, else None. Sent without `now` or `settings`.
event_owner = _signals.signal("event-owner")
#: A draft was published, or an import created the event published: followers may hear of it.
event_published = _signals.signal("event-published")
