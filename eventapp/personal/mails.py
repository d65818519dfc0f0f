"""The last message to an erased person: it says what was done, then forgets the address.

It is marked `forget_when_sent`: once delivered (or given up), the outbox keeps neither the
recipient nor the text (mail/delivery.py). It greets nobody by name, so its subject never holds
one either.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.mail.services import queue_mail
from eventapp.registrations.models import Registration
from eventapp.settings import Settings


def _send(
    address: str, language: str, template: str, subject: str, cancelled: list[Registration],
    now: datetime, settings: Settings,
) -> None:  # fmt: skip
    events = [
        (reg.event, reg.event.localised("title", language).text,
         Site.of(settings).event_url(reg.event, language))
        for reg in cancelled
    ]  # fmt: skip
    message = queue_mail(
        address, template, language, now=now, settings=settings, subject=subject,
        events=events, privacy_url=settings.absolute(f"/{language}/privacy"),
    )  # fmt: skip
    message.forget_when_sent = True
    db.session.flush()


def account_erased(
    address: str, language: str, cancelled: list[Registration], *, now: datetime,
    settings: Settings,
) -> None:  # fmt: skip
    """Confirm that the account and its data are erased, listing the places given back."""
    with force_locale(language):
        subject = _("Your account and your data are erased")
    _send(address, language, "account_erased", subject, cancelled, now, settings)


def registration_erased(
    address: str, language: str, cancelled: list[Registration], *, now: datetime,
    settings: Settings,
) -> None:  # fmt: skip
    """Confirm that a registration's personal data is erased."""
    with force_locale(language):
        subject = _("Your registration's data is erased")
    _send(address, language, "registration_erased", subject, cancelled, now, settings)
