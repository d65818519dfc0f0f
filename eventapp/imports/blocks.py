"""Not parsing again what did not change: a feed's VEVENT blocks, each known by a digest of its
text, and the item (or the reason it was skipped) that an earlier sync made of it.

Only a block that stands alone is reused: one VEVENT with its UID, no other block of that UID,
no recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID), under the same VTIMEZONEs and site zone
(the rest of the file, and the zone, make the cache's own key). Such a block gives the same item
whatever the day; only whether it falls in the window is decided again. Pure: no Flask, no
database; the sync keeps the cache on its source.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

_NOT_ALONE = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


@dataclass
class Blocks:
    """A feed's unfolded lines cut into what lies outside its VEVENTs and the VEVENT blocks."""

    header: list[str] = field(default_factory=list)  # BEGIN:VCALENDAR … END:VCALENDAR, no VEVENT
    blocks: list[list[str]] = field(default_factory=list)
    whole: bool = True  # every BEGIN:VEVENT has its END:VEVENT

    def key(self, zone: str) -> str:
        """What every cached item also depends on: the rest of the file, and the site's zone."""
        return _digest([zone, *self.header])

    def text(self, kept: list[list[str]]) -> str:
        """The file with only the `kept` blocks, in their place before the last line."""
        lines = [*self.header[:-1], *(line for block in kept for line in block), self.header[-1]]
        return "\r\n".join(lines) + "\r\n"


def cut(unfolded: list[str]) -> Blocks:
    """Cut a feed's unfolded lines (the first BEGIN:VCALENDAR, the last END:VCALENDAR)."""
    found = Blocks()
    block: list[str] | None = None
    for line in unfolded:
        name = line.strip().upper()
        if block is None and name == "BEGIN:VEVENT":
            block = [line]
        elif block is not None:
            block.append(line)
            if name == "END:VEVENT":
                found.blocks.append(block)
                block = None
        else:
            found.header.append(line)
    if block is not None:  # cut short: parsed whole, so that its error is the usual one
        found.whole = False
    return found


def uid_of(block: list[str]) -> str:
    """The UID written in a block ('' if none), as the parser will read it."""
    for line in block:
        if line[:4].upper() == "UID:":
            return line[4:].strip()
    return ""


def alone(blocks: list[list[str]]) -> list[str | None]:
    """For each block, its digest if it stands alone (see the module), else None."""
    uids = [uid_of(block) for block in blocks]
    if not all(uids):  # a VEVENT without UID is named by its place in the file: keep those
        return [None] * len(blocks)
    counts = Counter(uids)
    answers: list[str | None] = []
    for block, uid in zip(blocks, uids, strict=True):
        names = {line.split(":", 1)[0].split(";", 1)[0].upper() for line in block}
        single = uid and counts[uid] == 1 and not names & set(_NOT_ALONE)
        answers.append(_digest(block) if single else None)
    return answers


def stored(item) -> dict:
    """An item as the cache keeps it (JSON)."""
    data = asdict(item)
    for name in ("start_at", "end_at"):
        data[name] = data[name].isoformat()
    return data


def restored(item_type: type, data: dict):
    """The item the cache kept."""
    names = {f.name for f in fields(item_type)}
    values = {name: value for name, value in data.items() if name in names}
    for name in ("start_at", "end_at"):
        values[name] = datetime.fromisoformat(values[name])
    return item_type(**values)


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()[:32]
