"""An event's host organisations: who is accepted at once, who is invited and waits for consent.

Naming an organisation as co-host needs its consent. An organisation the actor speaks for (an
admin, any; an organiser, their own) is accepted at once; any other is invited: it shows nothing
and grants nothing until one of its organisers accepts, and declining removes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import selectinload

from eventapp.accounts.models import User
from eventapp.accounts.permissions import organisation_ids, speaks_for
from eventapp.errors import Conflict, NotFound
from eventapp.events import history, search
from eventapp.events.models import Event, event_organisations
from eventapp.extensions import db
from eventapp.reference.models import Organisation

LINK = event_organisations.c


@dataclass
class Invitation:
    """An organisation invited to co-host an event, and the accepted hosts who invite it."""

    event: Event
    organisation: Organisation
    hosts: list[Organisation]

    def host_names(self, lang: str) -> str:
        """The inviting hosts' names in `lang` (or the other language), comma-separated."""
        return ", ".join(org.localised("name", lang).text for org in self.hosts)


@dataclass
class Named:
    """After naming hosts: those still invited, and among them those invited just now."""

    invited: list[Organisation]
    new: list[Organisation]


def listed(event: Event) -> tuple[tuple[int, bool], ...]:
    """The event's hosts in order, each as (organisation id, accepted), pending ones included."""
    rows = db.session.execute(
        select(LINK.organisation_id, LINK.accepted_at)
        .where(LINK.event_id == event.id)
        .order_by(LINK.id)
    )
    return tuple((org_id, accepted_at is not None) for org_id, accepted_at in rows)


def name_hosts(
    event: Event, organisations: list[Organisation], *, actor: User, now: datetime
) -> Named:
    """Make `organisations` the event's hosts (the event is flushed); says who is invited.

    A host already accepted stays so; one the actor speaks for is accepted now; any other is
    invited (accepted_at NULL). Hosts no longer named are removed, accepted or invited."""
    with db.session.no_autoflush:  # the caller's changes to the event are flushed as one
        current = dict(listed(event))
        wanted = {org.id for org in organisations}
        gone = [org_id for org_id in current if org_id not in wanted]
        if gone:
            db.session.execute(
                delete(event_organisations).where(
                    LINK.event_id == event.id, LINK.organisation_id.in_(gone)
                )
            )
        accepted = {org.id: _name_one(event, org, current, actor, now) for org in organisations}
        # Written past the ORM, so the flush hook cannot see it: the hosts are searched.
        search.index_events(db.session.connection(), [event.id])
    # The collections were loaded before these writes, if at all.
    db.session.expire(event, ["organisations", "invited"])
    invited = [org for org in organisations if not accepted[org.id]]
    return Named(invited, [org for org in invited if org.id not in current])


def _name_one(
    event: Event, org: Organisation, current: dict[int, bool], actor: User, now: datetime
) -> bool:
    """Add or keep one host; whether it is accepted (at once, before, or now)."""
    accept = speaks_for(actor, org)
    if org.id not in current:
        accepted_at = now if accept else None
        db.session.execute(
            insert(event_organisations).values(
                event_id=event.id, organisation_id=org.id, accepted_at=accepted_at
            )
        )
    elif accept and not current[org.id]:
        _accept_row(event, org, now)
    return accept or current.get(org.id, False)


class LocalName:
    """An organisation's name in whatever language the message is shown in."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def __str__(self) -> str:
        locale = get_locale()
        return self.organisation.localised("name", locale.language if locale else "en").text


def invited_warnings(invited: list[Organisation]) -> list:
    """What the inviting organiser is told about the hosts who still have to accept."""
    return [
        _l(
            "%(name)s is invited to co-host: it shows once one of its organisers accepts.",
            name=LocalName(org),
        )
        for org in invited
    ]


def invitations(user: User) -> list[Invitation]:
    """The invitations waiting for the organisations `user` organises for, soonest event first."""
    mine = organisation_ids(user)
    if not mine:
        return []
    rows = db.session.execute(
        select(Event, Organisation)
        .join(event_organisations, LINK.event_id == Event.id)
        .join(Organisation, Organisation.id == LINK.organisation_id)
        .where(LINK.organisation_id.in_(mine), LINK.accepted_at.is_(None))
        .where(Event.status != "cancelled")
        .options(selectinload(Event.organisations), selectinload(Event.site))
        .order_by(Event.start_at, Event.id, LINK.id)
    ).all()
    return [Invitation(event, org, list(event.organisations)) for event, org in rows]


def _answering(event: Event, organisation: Organisation, actor: User) -> bool | None:
    """Whether `organisation` has accepted to co-host `event` (None: it is not named at all);
    NotFound unless the actor speaks for it (an invitation is nobody else's business)."""
    if not speaks_for(actor, organisation):
        raise NotFound(_l("There is no such invitation."))
    row = db.session.execute(
        select(LINK.accepted_at).where(
            LINK.event_id == event.id, LINK.organisation_id == organisation.id
        )
    ).first()
    return None if row is None else row.accepted_at is not None


def _accept_row(event: Event, organisation: Organisation, now: datetime) -> None:
    db.session.execute(
        update(event_organisations)
        .where(LINK.event_id == event.id, LINK.organisation_id == organisation.id)
        .values(accepted_at=now)
    )


def accept(event: Event, organisation: Organisation, *, actor: User, now: datetime) -> None:
    """The invited organisation consents: it now shows as a host and its organisers may edit.
    Accepting again changes nothing."""
    accepted = _answering(event, organisation, actor)
    if accepted is None:
        raise NotFound(_l("There is no such invitation."))
    if accepted:
        return
    _accept_row(event, organisation, now)
    search.index_events(db.session.connection(), [event.id])
    db.session.expire(event, ["organisations", "invited"])
    # A new host changes what the event's pages, lists by organisation and feeds show.
    event.updated_at = now
    history.record(event.id, actor, "cohost_accepted", {"organisation": [None, organisation.slug]},
                   now=now)  # fmt: skip
    db.session.flush()


def decline(event: Event, organisation: Organisation, *, actor: User, now: datetime) -> None:
    """The invited organisation refuses: the invitation is gone, nothing public changes.
    Declining what is gone already changes nothing; a host that accepted cannot decline."""
    accepted = _answering(event, organisation, actor)
    if accepted:
        raise Conflict(_l("Your organisation co-hosts this event already: ask its hosts to "
                          "remove it from the event."))  # fmt: skip
    if accepted is None:
        return
    db.session.execute(
        delete(event_organisations).where(
            LINK.event_id == event.id, LINK.organisation_id == organisation.id
        )
    )
    db.session.expire(event, ["invited"])
    history.record(event.id, actor, "cohost_declined", {"organisation": [organisation.slug, None]},
                   now=now)  # fmt: skip
    db.session.flush()
