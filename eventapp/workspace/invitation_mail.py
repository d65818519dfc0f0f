"""The mail that tells an invited organisation's organisers about an invitation to co-host.

The events package announces the invitation (signals.cohost_invited); this listens, in the
sender's transaction, and queues the mail through the outbox.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.accounts.organisers import organisers_of
from eventapp.events import signals
from eventapp.events.models import Event
from eventapp.mail.services import queue_mail
from eventapp.reference.models import Organisation
from eventapp.settings import Settings
from eventapp.urls import absolute_url_for


def invitation_sent(
    event: Event, *, organisation: Organisation, now: datetime, settings: Settings, **_extra: object
) -> int:
    """Queue the news of a new invitation for each organiser of `organisation`, in their
    language; returns how many were queued."""
    hosts = list(event.organisations)
    people = organisers_of(organisation)
    for user in people:
        lang = user.language
        names = ", ".join(org.localised("name", lang).text for org in hosts)
        title = event.localised("title", lang).text
        invited = organisation.localised("name", lang).text
        with force_locale(lang):
            subject = _("Invitation to co-host: %(title)s", title=title)
        queue_mail(
            user.email, "cohost_invitation", lang, now=now, settings=settings, subject=subject,
            user=user, event=event, title=title, hosts=names,
            count=len(hosts), organisation=invited,
            workspace=absolute_url_for(settings, "workspace.dashboard", lang=lang),
        )  # fmt: skip
    return len(people)


def init_app(app: Flask) -> None:
    signals.cohost_invited.connect(invitation_sent)
