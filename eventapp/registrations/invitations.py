"""Calendar invitations (iTIP, RFC 5546) that put an event in an attendee's own calendar.

The VEVENT is the feeds' one (same UID, same text); the calendar says METHOD:REQUEST to add or
update it, METHOD:CANCEL to take it out, and names the ORGANIZER and the ATTENDEE.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from eventapp.feeds.ical import PRODID, TAIL, CalEvent, event_block, fold, vtimezone

_PARAM_UNSAFE = re.compile(r'[\x00-\x1f\x7f";:,]')


def _param(text: str) -> str:
    """A parameter value (CN=…), quoted, with what a parameter cannot carry taken out."""
    return '"' + _PARAM_UNSAFE.sub(" ", text).strip() + '"'


def invitation(
    item: CalEvent, *, method: str, organizer: str, attendee: str, attendee_name: str,
    sequence: int, made_at: datetime,
) -> bytes:  # fmt: skip
    """A whole VCALENDAR with METHOD `method` (REQUEST or CANCEL) for one attendee, made at
    `made_at` (its DTSTAMP; LAST-MODIFIED stays the event's last change)."""
    cancelled = method == "CANCEL"
    event = replace(
        item, sequence=sequence, cancelled=item.cancelled or cancelled, stamped_at=made_at
    )
    partstat = "DECLINED" if cancelled else "ACCEPTED"
    extra = (
        f"ORGANIZER;CN={_param('Entente CordIAle')}:mailto:{organizer}",
        f"ATTENDEE;CN={_param(attendee_name or attendee)};ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT={partstat};RSVP=FALSE:mailto:{attendee}",
    )
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    zones = b"" if event.all_day else vtimezone(event.tzid)
    return b"".join(fold(line) for line in head) + zones + event_block(event, extra) + TAIL
