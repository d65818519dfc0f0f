"""The engine's fixed reasons, in the catalogue: a sync's report keeps them in English (the
command prints it, the source stores it), and the workspace shows them in the reader's language
(`_(reason)` finds these; a reason with a value in it, such as a server's answer, stays English).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REASONS = (
    _l("The feed is empty."),
    _l("The address gives an HTML page, not an iCalendar feed."),
    _l("This is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR."),
    _l("The feed is cut short: it does not end with END:VCALENDAR."),
    _l("The feed is not valid iCalendar: its BEGIN and END lines do not match."),
    _l("The feed holds several calendars; one is expected."),
    _l("Another event of the feed has the same UID; the first one is kept."),
    _l("No UID: the event could not be followed from one sync to the next."),
    _l("No DTSTART: the event has no date."),
    _l("Its DURATION is negative."),
    _l("It ends (DTEND) before it starts (DTSTART)."),
    _l("It has no duration: it ends when it starts."),
    _l("Its year is outside 1900–2999."),
    _l("Cancelled in the feed before it was ever imported."),
    _l("Another event of the feed has the same UID and recurrence id; the first is kept."),
    _l("The feed lists no event at all any more; its events were left as they were."),
    _l("The address has no host."),
    _l("Only https addresses are followed (webcal:// is read as https://)."),
    _l("The address leads to a private, local or reserved network address: it is not followed."),
    _l("The UID is longer than 500 characters."),
    _l("It recurs more than 1000 times in the window; the first are kept."),
    _l("More than 5 redirects."),
)
