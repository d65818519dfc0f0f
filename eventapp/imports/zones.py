"""Time zone names in a feed made IANA names, so that every TZID means what it says."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventapp.imports.windows_zones import IANA_OF

# A TZID parameter, quoted (Outlook quotes names with a comma or colon) or not.
_PARAM = re.compile(r';TZID=(?:"([^"]*)"|([^;:]*))', re.I)
_PROPERTY = re.compile(r"^TZID(;[^:]*)?:(.*)$", re.I)


@cache
def iana(name: str) -> str | None:
    """The IANA zone a TZID names: itself, its Windows name's, or a path ending in an IANA
    name ('/Europe/Paris', '/freeassociation.sourceforge.net/Europe/Paris'); else None."""
    name = name.strip()
    if name in IANA_OF:
        return IANA_OF[name]
    parts = name.strip("/").split("/")
    for n in range(min(len(parts), 3), 0, -1):
        candidate = "/".join(parts[-n:])
        if candidate and _exists(candidate):
            return candidate
    return None


def _exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def with_iana_names(lines: list[str]) -> str:
    """The feed unfolded and joined with CRLF, each TZID that names a known zone renamed to
    its IANA name (parameters and VTIMEZONE alike); unknown names are left as they are, and
    icalendar reads them from their VTIMEZONE."""
    unfolded: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += line[1:]
        elif line.strip():
            unfolded.append(line)
    return "\r\n".join(_renamed(line) for line in unfolded) + "\r\n"


def _renamed(line: str) -> str:
    head, sep, value = _split(line)
    whole = _PROPERTY.match(line)
    if whole:
        found = iana(whole.group(2))
        return f"TZID{whole.group(1) or ''}:{found}" if found else line
    if ";TZID=" not in head.upper():
        return line

    def rename(match: re.Match) -> str:
        name = match.group(1) if match.group(1) is not None else match.group(2)
        found = iana(name)
        return f";TZID={found}" if found else match.group(0)

    return _PARAM.sub(rename, head) + sep + value


def _split(line: str) -> tuple[str, str, str]:
    """A content line's name and parameters, the colon, and its value (a colon inside a
    quoted parameter is not the separator)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i], ":", line[i + 1 :]
    return line, "", ""
