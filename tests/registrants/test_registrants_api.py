"""The registrants through the API: the list with its envelope and filters, and the CSV with the
workspace's bytes."""

from __future__ import annotations

import pytest
from roster_support import parse_csv, register
from sqlalchemy import event

from eventapp.extensions import db

API = "/api/v1/events/{id}/registrations"
ROLES = ("anonymous", "attendee", "other", "organiser", "admin")


def get(client, tokens, path, who="organiser", **args):
    headers = tokens[who] if who != "anonymous" else {}
    return client.get(path, headers=headers, query_string=args)


@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_who_may_read(client, tokens, roster, suffix):
    path = API.format(id=roster.event.id) + suffix
    got = {who: get(client, tokens, path, who).status_code for who in ROLES}
    assert got == {"anonymous": 401, "attendee": 403, "other": 403, "organiser": 200,
                   "admin": 200}  # fmt: skip
    missing = get(client, tokens, API.format(id=999999) + suffix, "admin")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "There is no event with this id."


@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_workspace_pages_for_each_role(client, login, roster, suffix):
    path = f"/en/workspace/events/{roster.event.id}/registrations{suffix}"
    got = {}
    for who in ROLES:
        login(None if who == "anonymous" else who)
        response = client.get(path)
        got[who] = response.status_code
        if who == "anonymous":
            assert "/account/login" in response.location
    assert got == {"anonymous": 302, "attendee": 403, "other": 403, "organiser": 200,
                   "admin": 200}  # fmt: skip
    login("admin")
    assert client.get(f"/en/workspace/events/999999/registrations{suffix}").status_code == 404


def test_the_envelope_and_the_items(client, tokens, roster):
    body = get(client, tokens, API.format(id=roster.event.id)).get_json()
    assert body["total"] == 6 and body["next"] is None
    by_name = {item["name"]: item for item in body["items"]}
    assert list(by_name) == ["Zoé Durand", "Gus Guest", "Carl Cole", "Dora Dupont", "Ève Élan",
                             "Fay Fell"]  # fmt: skip
    zoe = by_name["Zoé Durand"]
    assert zoe["email"] == "zoe@example.org" and zoe["status"] == "confirmed"
    assert zoe["attended"] is True and zoe["attended_by"] == "Ana"
    assert zoe["created_at"] == "2026-12-02T09:30:00+01:00"  # in Paris
    assert zoe["sessions"] == [{"id": roster.morning.id, "status": "confirmed"}]
    assert by_name["Gus Guest"]["status"] == "pending" and by_name["Gus Guest"]["guest"] is True
    assert [by_name[n]["position"] for n in ("Dora Dupont", "Ève Élan")] == [1, 2]
    assert by_name["Ève Élan"]["affiliation"] == "-5 Lab"  # JSON needs no neutralising


def test_filters_search_and_next_page(client, tokens, roster):
    path = API.format(id=roster.event.id)
    first = get(client, tokens, path, status=["waiting", "cancelled"], per_page="2").get_json()
    assert [i["name"] for i in first["items"]] == ["Dora Dupont", "Ève Élan"]
    assert first["total"] == 3
    assert first["next"] == (
        f"https://events.example.org{path}?status=waiting&status=cancelled&page=2&per_page=2"
    )
    second = client.get(first["next"], headers=tokens["organiser"]).get_json()
    assert [i["name"] for i in second["items"]] == ["Fay Fell"] and second["next"] is None
    for q in ("zoe", "ZOE@EXAMPLE", "durand zoé"):
        found = get(client, tokens, path, q=q).get_json()
        assert [i["name"] for i in found["items"]] == ["Zoé Durand"], q


def test_a_wrong_filter_is_refused(client, tokens, roster):
    path = API.format(id=roster.event.id)
    response = get(client, tokens, path, status=["waiting", "gone"])
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {
        "status": "Give statuses among confirmed, pending, waiting and cancelled."
    }
    assert get(client, tokens, path, q="x" * 201).status_code == 400
    assert "q" in get(client, tokens, path, q="zo\x00e").get_json()["error"]["fields"]
    wrong_lang = get(client, tokens, path + ".csv", lang="de")
    assert wrong_lang.status_code == 400 and "lang" in wrong_lang.get_json()["error"]["fields"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_csv_has_the_workspace_bytes(client, tokens, login, roster, lang):
    args = {"status": ["confirmed", "waiting"], "q": "du"}
    api = get(client, tokens, API.format(id=roster.event.id) + ".csv", lang=lang, **args)
    login("organiser")
    page = client.get(
        f"/{lang}/workspace/events/{roster.event.id}/registrations.csv", query_string=args
    )
    assert api.data == page.data
    assert api.headers["Content-Type"] == page.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert api.headers["Content-Disposition"] == page.headers["Content-Disposition"]
    names = [row[0] for row in parse_csv(api.data, lang)[1:]]
    assert names == ["Zoé Durand", "Dora Dupont"]


def test_the_csv_is_in_english_unless_asked(client, tokens, roster):
    response = get(client, tokens, API.format(id=roster.event.id) + ".csv")
    assert response.data.startswith("\ufeffName,E-mail,".encode())
    assert response.headers["Content-Disposition"].endswith('-en.csv"')


def test_a_page_of_many_waiting_people_costs_no_more_queries_than_a_few(
    app, client, tokens, roster, settings
):
    url = API.format(id=roster.event.id)  # read now: the test's own reads are not counted

    def statements() -> int:
        seen: list[str] = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731  (the statement)
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            answer = get(client, tokens, url)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        assert answer.status_code == 200
        return len(seen)

    statements()  # the token's last use is written (at most once a minute): not counted below
    few = statements()
    for n in range(10):
        register(
            roster.event, f"Late {n}", f"late{n}@example.org", minute=11 + n, settings=settings
        )
    many = statements()
    items = get(client, tokens, API.format(id=roster.event.id)).get_json()["items"]
    assert [i["position"] for i in items if i["status"] == "waiting"] == list(range(1, 13))
    assert many == few
