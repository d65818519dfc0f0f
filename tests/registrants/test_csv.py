"""The registrants' CSV: the bytes a spreadsheet opens right, in French and in English."""

from __future__ import annotations

import pytest
from roster_support import T0, make_event, parse_csv, register

from eventapp.registrants.export import csv_bytes

URL = "/{lang}/workspace/events/{id}/registrations.csv"
TRICKY = {
    "Smith; Jones": "semicolon",
    "Doe, Jane": "comma",
    'The "Boss"': "quotes",
    "Line\nBreak": "newline",
    '=HYPERLINK("http://x")': "equals",
    "+33 6 12": "plus",
    "-2+3": "minus",
    "@SUM(A1)": "at",
    "\tTabbed": "tab",
    "\rReturn": "return",
}


def neutral(text: str) -> str:
    """What a spreadsheet must show for a cell written as `text`."""
    return "'" + text if text[0] in "=+-@\t\r" else text


def download(client, event_id, lang="en", **args):
    response = client.get(URL.format(lang=lang, id=event_id), query_string=args)
    assert response.status_code == 200
    return response


def test_the_exact_bytes_in_both_languages():
    rows = [["x;y", "a,b"], ['say "hi"', "two\nlines"], ["=1+1", "Zoé"]]
    assert (
        csv_bytes(["Nom", "Ville"], rows, "fr")
        == ('\ufeffNom;Ville\r\n"x;y";a,b\r\n"say ""hi""";"two\nlines"\r\n\'=1+1;Zoé\r\n').encode()
    )
    assert (
        csv_bytes(["Name", "Town"], rows, "en")
        == ('\ufeffName,Town\r\nx;y,"a,b"\r\n"say ""hi""","two\nlines"\r\n\'=1+1,Zoé\r\n').encode()
    )


def test_english_download(client, login, roster):
    login("organiser")
    response = download(client, roster.event.id)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="registrations-roster-day-en.csv"'
    )
    cells = parse_csv(response.data, "en")
    assert cells[0] == [
        "Name", "E-mail", "Affiliation", "Status", "Waiting position",
        "Place held until (Paris time)", "Sessions", "Registered at (Paris time)",
        "Checked in at (Paris time)", "Checked in by", "Language", "Guest",
    ]  # fmt: skip
    by_name = {row[0]: row for row in cells[1:]}
    assert list(by_name) == ["Zoé Durand", "Gus Guest", "Carl Cole", "Dora Dupont",
                             "Ève Élan", "Fay Fell"]  # fmt: skip
    assert by_name["Zoé Durand"] == [
        "Zoé Durand", "zoe@example.org", "", "confirmed", "", "", "Morning talk (confirmed)",
        "2026-12-02 09:30", "2027-03-26 14:05", "Ana", "en", "yes",
    ]  # fmt: skip
    assert by_name["Gus Guest"][3:6] == ["pending", "", "2026-12-02 10:01"]
    assert by_name["Ève Élan"][2:5] == ["'-5 Lab", "waiting", "2"]
    assert by_name["Dora Dupont"][3:5] == ["waiting", "1"]


def test_french_download(client, login, roster):
    login("admin")
    response = download(client, roster.event.id, lang="fr")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="registrations-journee-d-inscrits-fr.csv"'
    )
    assert response.data.startswith("\ufeffNom;Courriel;Affiliation;Statut;".encode())
    cells = parse_csv(response.data, "fr")
    assert cells[0][5] == "Place réservée jusqu’au (heure de Paris)"
    zoe = cells[1]
    assert zoe[3] == "confirmée" and zoe[6] == "Exposé du matin (confirmée)"
    assert zoe[7:10] == ["2026-12-02 09:30", "2027-03-26 14:05", "Ana"]
    assert [row[3] for row in cells[1:]] == [
        "confirmée", "à confirmer", "confirmée", "en liste d’attente", "en liste d’attente",
        "annulée",
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_separators_quotes_line_breaks_and_formulas(client, login, world, settings, lang):
    event = make_event(world, capacity=50)
    for n, name in enumerate(TRICKY):
        register(event, name, f"{TRICKY[name]}@example.org", minute=n, settings=settings,
                 affiliation=name)  # fmt: skip
    login("organiser")
    data = download(client, event.id, lang=lang).data
    cells = parse_csv(data, lang)
    assert len(cells) == 1 + len(TRICKY)
    seen = {row[1]: (row[0], row[2]) for row in cells[1:]}
    for name, kind in TRICKY.items():
        # Names and affiliations are kept on one line: a line break, tab or return goes.
        kept = " ".join(name.split())
        assert seen[f"{kind}@example.org"] == (neutral(kept), neutral(kept)), kind
    separator = ";" if lang == "fr" else ","
    assert f'"Smith; Jones"{separator}' in data.decode() or lang == "en"
    assert f'"Doe, Jane"{separator}' in data.decode() or lang == "fr"
    assert '"The ""Boss"""' in data.decode()


@pytest.mark.parametrize("cell", ["\tTabbed", "\rReturn", "=1+1", "Line\nBreak"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(cell):
    # No one-line field holds a tab or a return any more; the writer guards the cells anyway.
    assert parse_csv(csv_bytes(["Name"], [[cell]], "en"), "en")[1] == [neutral(cell)]


def test_times_in_the_event_zone(client, login, world, settings):
    oxford = make_event(world, site="oxford")
    register(oxford, "Olga Ox", "olga@example.org", minute=0, settings=settings)
    login("organiser")
    cells = parse_csv(download(client, oxford.id).data, "en")
    assert cells[0][7] == "Registered at (UK time)"
    assert cells[1][7] == "2026-12-02 08:30"  # T0 is 08:30 UTC: 09:30 in Paris


def test_the_page_filters_apply(client, login, roster):
    login("organiser")
    data = download(client, roster.event.id, status=["waiting", "cancelled"], q="el").data
    assert [row[0] for row in parse_csv(data, "en")[1:]] == ["Ève Élan", "Fay Fell"]
    data = download(client, roster.event.id, session=str(roster.morning.id)).data
    assert [row[0] for row in parse_csv(data, "en")[1:]] == ["Zoé Durand", "Carl Cole"]
    assert T0.year == 2026
