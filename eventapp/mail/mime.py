"""Building the MIME message from an outbox row: a pure builder, no Flask, no I/O.

Without an invitation: multipart/alternative [text/plain, text/html]. With one, the layout that
Outlook, Gmail and Apple Mail recognise as an invitation:
multipart/mixed [multipart/alternative [text/plain, text/html, text/calendar; method=...],
attachment invite.ics].
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import format_datetime

from eventapp.mail.models import OutboxMessage

ICS_FILENAME = "invite.ics"


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The message as sent; built the same way on every attempt, with its stored Message-ID."""
    email = EmailMessage()
    email["Message-ID"] = message.message_id
    # When it was written, not when this attempt runs: a retry is the same message.
    email["Date"] = format_datetime(message.created_at)
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    for name, value in json.loads(message.headers or "{}").items():
        email[name] = value  # checked when queued (mail/services.py)
    email.set_content(message.body_text, cte="quoted-printable")
    email.add_alternative(message.body_html, subtype="html", cte="quoted-printable")
    if message.ical:
        method = message.ical_method or "PUBLISH"
        email.add_alternative(
            message.ical, subtype="calendar", cte="quoted-printable", params={"method": method}
        )
        email.add_attachment(
            message.ical.encode(),
            maintype="application",
            subtype="ics",
            filename=ICS_FILENAME,
        )
    # Last: building the body moves every Content-* header of the top part into a subpart.
    email["Content-Language"] = message.language
    return email
