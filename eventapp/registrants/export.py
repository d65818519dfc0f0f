"""The registrants' CSV: the bytes a spreadsheet opens right first time, in French or English.

UTF-8 with a byte-order mark (Excel reads the accents right only with it); `;` between cells in
French (French Excel expects it, the comma being the decimal mark) and `,` in English; dates in
the event's zone as `2027-03-26 14:00`, which spreadsheets read as dates; a cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so that no spreadsheet runs it
as a formula (OWASP, CSV injection). Built from loaded rows, with no query and no request.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.dates import zone_label
from eventapp.events.models import Event
from eventapp.registrants.labels import session_titles, status_word
from eventapp.registrations.models import Registration

SEPARATORS = {"fr": ";", "en": ","}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-MM-dd HH:mm"  # Babel's pattern: 2027-03-26 14:00
BOM = "\ufeff"


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]], lang: str) -> bytes:
    """The table as CSV in `lang`'s convention: BOM, separator, CRLF lines, neutralised cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS[lang], lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([neutralised(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


def local(value: datetime | None, zone: ZoneInfo, lang: str) -> str:
    """A moment in the event's zone as spreadsheets read it; empty when there is none."""
    return format_datetime(value, DATE_FORMAT, tzinfo=zone, locale=lang) if value else ""


def header(event: Event) -> list[str]:
    """The column names, in the current language, the zone of the times said."""
    zone = zone_label(event.site.timezone)
    return [
        _("Name"), _("E-mail"), _("Affiliation"), _("Status"), _("Waiting position"),
        _("Place held until (%(zone)s)", zone=zone), _("Sessions"),
        _("Registered at (%(zone)s)", zone=zone), _("Checked in at (%(zone)s)", zone=zone),
        _("Checked in by"), _("Language"), _("Guest"),
    ]  # fmt: skip


def row(reg: Registration, position: int | None, titles: dict[int, str], lang: str) -> list[str]:
    """One registration's cells, in the current language."""
    zone = reg.event.site.zone
    chosen = "; ".join(f"{titles[c.session_id]} ({status_word(c.status)})" for c in reg.sessions)
    marker = reg.attended_by
    return [
        reg.name, reg.email, reg.affiliation or "", status_word(reg.status),
        str(position) if position else "", local(reg.hold_until, zone, lang), chosen,
        local(reg.created_at, zone, lang), local(reg.attended_at, zone, lang),
        (marker.name or marker.email) if marker else "", reg.language,
        _("yes") if reg.user_id is None else _("no"),
    ]  # fmt: skip


def registrants_csv(
    event: Event, regs: Iterable[Registration], positions: dict[int, int], lang: str
) -> bytes:
    """The registrations of `event` as CSV in `lang`; `positions` gives the waiting ones' places."""
    with force_locale(lang):
        titles = session_titles(event, lang)
        rows = [row(reg, positions.get(reg.id), titles, lang) for reg in regs]
        return csv_bytes(header(event), rows, lang)


def file_name(event: Event, lang: str) -> str:
    """`registrations-<slug>-<lang>.csv` (the event's id when its title makes no slug)."""
    return f"registrations-{event.slug(lang) or event.id}-{lang}.csv"
