"""The limits input keeps, in one place: the forms and the API check them with the same messages.

Plain values and small check functions (a message, or None when the value is fine); the forms wrap
them as WTForms validators (`FormCheck`), the API states them in its schemas and its document.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_YEAR, MAX_YEAR = 1900, 2999  # dates and times, typed or sent
MAX_INT = 2**31 - 1  # integer columns are 32-bit on PostgreSQL: ids, counts, capacities
MAX_PER_PAGE = 100
MAX_PAGE = 999_999

MAX_TITLE = 300  # event and session titles
MAX_NAME = 200  # names of reference data
MAX_TEXT = 20_000  # summaries, descriptions
MAX_REASON = 2_000  # why an event was cancelled
MAX_ROOM = 200
MAX_ADDRESS = 500
MAX_AFFILIATION = 300
MAX_URL = 500  # the columns' lengths: PostgreSQL refuses longer values
MAX_SLUG = 60
MAX_QUERY = 200  # the text search
MAX_SUBJECT = 200  # a message's subject: one line of a mail's header
MAX_MESSAGE = 10_000  # a message's text
MAX_NONCE = 200  # a message's one-time key (a form's, or the API's Idempotency-Key)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A web address as RFC 3986 writes it (what `format: uri` means): http or https, a host, and
# only the characters a URI may hold; a space or a letter outside ASCII must be %-encoded.
_C = r"[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2}"  # a URI's characters, or %-encoded
URL_PATTERN = rf"^[hH][tT][tT][pP][sS]?://(?:{_C})+(?:/(?:{_C}|/)*)?(?:\?(?:{_C}|[/?])*)?(?:#(?:{_C}|[/?])*)?$"
_URL = re.compile(URL_PATTERN)
# A calendar feed's address: https, or webcal(s) which stands for it (imports/fetch.py).
FEED_URL_PATTERN = URL_PATTERN.replace(
    "^[hH][tT][tT][pP][sS]?://", "^(?:[hH][tT][tT][pP][sS]|[wW][eE][bB][cC][aA][lL][sS]?)://"
)

YEAR_OUT_OF_RANGE = _l("Give a year from %(first)d to %(last)d.", first=MIN_YEAR, last=MAX_YEAR)
NEGATIVE = _l("The capacity cannot be negative.")
TOO_LARGE = _l("Give a number no larger than %(n)d.", n=MAX_INT)
NOT_WEB_URL = _l("Give an address starting with https:// or http://.")
NUL_IN_TEXT = _l("A text cannot contain NUL characters.")


# Line breaks in any of their forms, and the other control characters (C0, DEL, C1).
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def one_line(value: str) -> str:
    """A one-line text as kept: line breaks become a space, other control characters go (a
    name typed with a line break must not break a mail's header or a CSV row)."""
    if not _BREAKS.search(value) and not _CONTROLS.search(value):
        return value
    return " ".join(_CONTROLS.sub("", _BREAKS.sub(" ", value)).split())


def printable(value: str) -> str:
    """A multi-line text as kept: its line breaks and tabs stay, other control characters go."""
    return _CONTROLS.sub("", value) if _CONTROLS.search(value) else value


def search_words(raw: str | None) -> str:
    """What a page's search box searches for: its words on one line, without control characters
    (no column keeps a NUL byte: PostgreSQL refuses one even in a comparison), at most MAX_QUERY."""
    return " ".join(_CONTROLS.sub("", raw or "").split())[:MAX_QUERY]


def too_long(n: int) -> Any:
    """The message for a text longer than `n` characters."""
    return _l("At most %(n)d characters.", n=n)


def nul_error(value: str | None) -> Any | None:
    """A text with a NUL character (no database column keeps one)."""
    return NUL_IN_TEXT if value and "\x00" in value else None


def year_error(value: date | None) -> Any | None:
    """A date or date-time outside the years the app keeps."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        return YEAR_OUT_OF_RANGE
    return None


def count_error(value: int | None) -> Any | None:
    """A capacity or a count: 0 or more, and small enough for the database."""
    if value is not None and value < 0:
        return NEGATIVE
    return too_large_error(value)


def too_large_error(value: int | None) -> Any | None:
    """A number the database cannot hold (a negative capacity is the services' to refuse, next
    to the form's other refusals)."""
    return TOO_LARGE if value is not None and value > MAX_INT else None


def is_web_url(url: str | None) -> bool:
    """An http(s) address with a host, written with a URI's characters only."""
    text = (url or "").strip()
    return bool(_URL.match(text)) and bool(urlsplit(text).netloc)


class FormCheck:
    """One of the checks above as a WTForms validator, so a form says what the API says."""

    def __init__(self, check) -> None:
        self.check = check

    def __call__(self, form, field) -> None:
        message = self.check(field.data)
        if message is not None:
            raise ValidationError(str(message))
