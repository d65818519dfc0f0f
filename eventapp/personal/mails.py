"""The last message to an erased person: it says what was done, then forgets the address.

It is marked `forget_when_sent`: once delivered (or given up), the outbox keeps neither the
recipient nor the text (mail/delivery.py). It greets nobody by name, so its subject never holds
one either.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from eventapp.extensions import db
from eventapp.feeds.content import Site
from eventapp.mail.services import queue_mail
from eventapp.registrations.models import Registration
from eventapp.settings import Settings

SUBJECTS = {
    True: _l("Your account and your data are erased"),
    False: _l("Your registration's data is erased"),
}


def erasure_confirmed(
    address: str, language: str, cancelled: list[Registration], *, account: bool,
    now: datetime, settings: Settings,
) -> None:  # fmt: skip
    """Confirm that the account (or one registration) is erased, listing the places given back."""
    events = [
        (reg.event, reg.event.localised("title", language).text,
         Site.of(settings).event_url(reg.event, language))
        for reg in cancelled
    ]  # fmt: skip
    with force_locale(language):
        subject = str(SUBJECTS[account])
    message = queue_mail(
        address, "erasure_confirmed", language, now=now, settings=settings, subject=subject,
        account=account, events=events, privacy_url=settings.absolute(f"/{language}/privacy"),
    )  # fmt: skip
    message.forget_when_sent = True
    db.session.flush()
