"""Byte checks of an iCalendar stream, run on our feed and on the hand-written writer alike.

The checks are the ones issue 3 asks the raw bytes to pass: CRLF everywhere, no physical line
over 75 octets, no fold inside a UTF-8 sequence or a TEXT escape, unique UIDs, no floating
times, one VTIMEZONE per TZID used, and balanced BEGIN/END.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_TIMES = ("DTSTART", "DTEND")
_UTC_OR_DATE = re.compile(r"^\d{8}(T\d{6}Z)?$")


@dataclass
class Verdict:
    """What the checks found: the VEVENT count, the size, and every problem (empty: PASS)."""

    vevents: int = 0
    octets: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return "PASS"
        more = f" (+{len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        return "FAIL: " + "; ".join(self.problems[:3]) + more


def check(data: bytes) -> Verdict:
    """Check the raw bytes of one VCALENDAR."""
    verdict = Verdict(octets=len(data))
    problems = verdict.problems
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    physical = data.split(b"\r\n")[:-1] if data.endswith(b"\r\n") else data.split(b"\r\n")
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > MAX_OCTETS:
            problems.append(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: fold inside a UTF-8 sequence (or invalid UTF-8)")
        following = physical[number] if number < len(physical) else b""
        if following.startswith((b" ", b"\t")) and _ends_inside_escape(line):
            problems.append(f"line {number}: fold inside a TEXT escape")
    logical = _unfold(physical)
    _check_structure(logical, verdict)
    return verdict


def _ends_inside_escape(line: bytes) -> bool:
    """An odd run of backslashes at the end: the escape's second character is on the next line."""
    run = len(line) - len(line.rstrip(b"\\"))
    return run % 2 == 1


def _unfold(physical: list[bytes]) -> list[str]:
    lines: list[bytes] = []
    for line in physical:
        if line.startswith((b" ", b"\t")) and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return [line.decode("utf-8", errors="replace") for line in lines]


def _check_structure(lines: list[str], verdict: Verdict) -> None:
    problems = verdict.problems
    stack: list[str] = []
    uids: set[str] = set()
    zones_defined: list[str] = []
    zones_used: set[str] = set()
    for line in lines:
        name, _, value = line.partition(":")
        prop, *params = name.split(";")
        prop = prop.upper()
        if prop == "BEGIN":
            stack.append(value)
            verdict.vevents += value == "VEVENT"
        elif prop == "END":
            if not stack or stack.pop() != value:
                problems.append(f"END:{value} does not close what is open")
        elif prop == "UID" and stack[-1:] == ["VEVENT"]:
            if value in uids:
                problems.append(f"UID {value} twice")
            uids.add(value)
        elif prop == "TZID" and stack[-1:] == ["VTIMEZONE"]:
            zones_defined.append(value)
        elif prop in _TIMES and stack[-1:] == ["VEVENT"]:
            tzid = [p.split("=", 1)[1] for p in params if p.upper().startswith("TZID=")]
            if tzid:
                zones_used.add(tzid[0])
            elif not _UTC_OR_DATE.match(value):
                problems.append(f"floating time {line}")
    if stack:
        problems.append(f"unclosed {'/'.join(stack)}")
    if len(zones_defined) != len(set(zones_defined)):
        problems.append("a VTIMEZONE written twice")
    if missing := zones_used - set(zones_defined):
        problems.append(f"no VTIMEZONE for {', '.join(sorted(missing))}")
