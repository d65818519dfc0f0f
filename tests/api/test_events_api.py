"""GET /api/v1/events and /api/v1/events/<id>: shapes, filters, pagination, errors, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from eventapp.extensions import db
from eventapp.i18n import select_locale
from eventapp.reference.models import Organisation, Series, Topic

BASE = "https://events.example.org"
EVENT_FIELDS = {
    "id", "kind", "status", "site", "timezone", "all_day", "start", "end", "title", "summary",
    "description", "url", "ics", "capacity", "places_left", "language", "venue", "online_url",
    "organisations", "topics", "series", "registration_opens", "registration_closes", "sequence",
    "updated_at", "sessions", "speakers", "cancel_reason", "source",
}  # fmt: skip


def get_ok(client, url: str, **kwargs) -> dict:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def get_error(client, url: str, status: int, **kwargs) -> dict:
    """The `error` object of a JSON error answer, after checking its status and shape."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def ids(client, query: str) -> list[int]:
    """Ids of the events listed for `query`, all on one page."""
    body = get_ok(client, f"/api/v1/events?{query}&per_page=100")
    assert body["total"] == len(body["items"]) and body["next"] is None
    return [item["id"] for item in body["items"]]


# --- shapes ------------------------------------------------------------------------------------


@pytest.fixture
def full_event(make_event):
    series = Series(slug="ai-ethics-seminar", title_en="AI ethics seminar")
    db.session.add(series)
    db.session.commit()
    return make_event(
        start=datetime(2027, 2, 10, 14, 0), hours=3, kind="workshop", series=series,
        title_en="Fairness in practice", title_fr=None, summary_fr="Un résumé",
        description_en="**Bold** text", capacity=40, organisations=2, topics=1, sessions=2,
        online_url="https://meet.example.org/x",
        registration_opens_at=datetime(2027, 1, 5, 9, 0, tzinfo=UTC),
        registration_closes_at=datetime(2027, 2, 9, 12, 0, tzinfo=UTC),
    )  # fmt: skip


def test_an_event_has_every_field_of_the_contract(client, full_event):
    e = full_event
    body = get_ok(client, f"/api/v1/events/{e.id}")
    assert set(body) == EVENT_FIELDS
    assert body["source"] is None  # made here, not imported
    assert body["id"] == e.id and body["kind"] == "workshop" and body["status"] == "published"
    assert (body["site"], body["timezone"], body["all_day"]) == (
        "paris-saclay", "Europe/Paris", False,
    )  # fmt: skip
    assert (body["start"], body["end"]) == (
        "2027-02-10T14:00:00+01:00",
        "2027-02-10T17:00:00+01:00",
    )
    assert body["title"] == {"fr": None, "en": "Fairness in practice"}
    assert body["summary"] == {"fr": "Un résumé", "en": None}
    assert body["description"] == {"fr": None, "en": "**Bold** text"}
    assert body["url"] == {
        "fr": f"{BASE}/fr/events/{e.id}-fairness-in-practice",
        "en": f"{BASE}/en/events/{e.id}-fairness-in-practice",
    }
    assert body["ics"] == {lang: f"{BASE}/feeds/{lang}/events/{e.id}.ics" for lang in ("fr", "en")}
    assert (body["capacity"], body["places_left"], body["language"]) == (40, 40, "both")
    assert body["venue"] == {
        "id": e.venue.id, "name": {"fr": e.venue.name_fr, "en": e.venue.name_en},
        "address": "1 Example Road",
    }  # fmt: skip
    assert body["online_url"] is None  # with registration, the link is for confirmed attendees
    assert body["organisations"] == [o.slug for o in e.organisations] and len(e.organisations) == 2
    assert body["topics"] == [e.topics[0].slug]
    assert body["series"] == "ai-ethics-seminar"
    assert body["registration_opens"] == "2027-01-05T10:00:00+01:00"
    assert body["registration_closes"] == "2027-02-09T13:00:00+01:00"
    assert body["sequence"] == 0
    assert datetime.fromisoformat(body["updated_at"]).utcoffset() == timedelta(hours=1)


def test_sessions_carry_times_room_speakers_and_capacity(client, full_event):
    sessions = get_ok(client, f"/api/v1/events/{full_event.id}")["sessions"]
    first = full_event.sessions[0]
    assert sessions[0] == {
        "id": first.id,
        "title": {"fr": "Séance 0", "en": "Session 0"},
        "start": "2027-02-10T14:00:00+01:00",
        "end": "2027-02-10T14:20:00+01:00",
        "room": "R0",
        "speakers": [
            {"id": first.speakers[0].id, "name": first.speakers[0].name, "affiliation": "Lab"}
        ],
        "capacity": None,
    }
    assert sessions[1]["start"] == "2027-02-10T14:20:00+01:00"


def test_online_only_event_without_limits_has_nulls(client, make_event):
    event = make_event(venue=False, title_fr=None)
    body = get_ok(client, f"/api/v1/events/{event.id}")
    assert body["venue"] is None and body["online_url"] is None and body["series"] is None
    assert body["capacity"] is None and body["places_left"] is None
    assert body["registration_opens"] is None and body["registration_closes"] is None
    assert body["organisations"] == [] and body["topics"] == [] and body["sessions"] == []
    assert body["title"]["fr"] is None


def test_list_envelope_holds_the_same_events_as_the_detail(client, make_event):
    events = [make_event(sessions=1), make_event(site="oxford")]
    body = get_ok(client, "/api/v1/events")
    assert set(body) == {"items", "total", "next"}
    assert (body["total"], body["next"]) == (2, None)
    assert [item["id"] for item in body["items"]] == [e.id for e in events]
    for item in body["items"]:
        assert item == get_ok(client, f"/api/v1/events/{item['id']}")


def test_empty_list(client, sites):
    assert get_ok(client, "/api/v1/events") == {"items": [], "total": 0, "next": None}


# --- statuses ----------------------------------------------------------------------------------


def test_cancelled_events_are_listed_and_drafts_never(client, make_event):
    published, cancelled = make_event(), make_event(status="cancelled")
    draft = make_event(status="draft")
    assert ids(client, "from=2026-01-01") == [published.id, cancelled.id]
    assert get_ok(client, f"/api/v1/events/{cancelled.id}")["status"] == "cancelled"
    error = get_error(client, f"/api/v1/events/{draft.id}", 404)
    assert error["fields"] == {}


# --- pagination --------------------------------------------------------------------------------


def test_next_links_chain_through_every_page_and_keep_the_filters(client, make_event):
    mine = [make_event(title_en=f"Talk {i}", start=datetime(2027, 3, 1 + i, 10)) for i in range(5)]
    make_event(title_en="Talk elsewhere", site="oxford", start=datetime(2027, 3, 2, 10))
    make_event(title_en="Other", start=datetime(2027, 3, 3, 10))
    query = "site=paris-saclay&type=seminar&q=talk&from=2027-02-01&to=2027-12-31&per_page=2"
    url, seen, nexts = f"/api/v1/events?{query}", [], []
    while url:
        body = get_ok(client, url)
        assert body["total"] == 5 and len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
        nexts.append(url)
    assert seen == [e.id for e in mine]
    assert nexts[-1] is None and len(nexts) == 3
    link = urlsplit(nexts[0])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{BASE}/api/v1/events"
    assert parse_qs(link.query) == {
        "site": ["paris-saclay"], "type": ["seminar"], "q": ["talk"], "from": ["2027-02-01"],
        "to": ["2027-12-31"], "per_page": ["2"], "page": ["2"],
    }  # fmt: skip
    assert parse_qs(urlsplit(nexts[1]).query)["page"] == ["3"]


def test_next_link_keeps_a_repeated_filter(client, make_event):
    for site in ("oxford", "cambridge", "oxford"):
        make_event(site=site)
    body = get_ok(client, "/api/v1/events?site=oxford&site=cambridge&per_page=2")
    assert parse_qs(urlsplit(body["next"]).query)["site"] == ["oxford", "cambridge"]


def test_pages_hold_fifty_events_by_default(client, make_event):
    for _ in range(51):
        make_event()
    first = get_ok(client, "/api/v1/events")
    assert (len(first["items"]), first["total"]) == (50, 51)
    assert parse_qs(urlsplit(first["next"]).query) == {"page": ["2"]}
    assert len(get_ok(client, first["next"])["items"]) == 1


def test_a_page_past_the_end_is_empty(client, make_event):
    make_event()
    assert get_ok(client, "/api/v1/events?page=3") == {"items": [], "total": 1, "next": None}


# --- filters -----------------------------------------------------------------------------------


def test_a_site_given_twice_means_either(client, make_event):
    paris, oxford, cambridge = (make_event(site=s) for s in ("paris-saclay", "oxford", "cambridge"))
    assert ids(client, "site=oxford") == [oxford.id]
    assert ids(client, "site=oxford&site=cambridge") == [oxford.id, cambridge.id]
    assert ids(client, "site=cambridge&site=paris-saclay") == [paris.id, cambridge.id]


def test_type_filter(client, make_event):
    make_event(kind="seminar")
    workshop, symposium = make_event(kind="workshop"), make_event(kind="symposium")
    assert ids(client, "type=workshop") == [workshop.id]
    assert ids(client, "type=workshop&type=symposium") == [workshop.id, symposium.id]


def test_topic_series_and_organisation_filters(client, make_event, sites):
    ethics = Topic(slug="ethics", name_en="Ethics", name_fr="Éthique")
    hec = Organisation(slug="hec-paris", name_en="HEC Paris", site=sites["paris-saclay"])
    series = Series(slug="hi-paris-talks", title_en="Hi! PARIS talks")
    db.session.add_all([ethics, hec, series])
    db.session.commit()
    plain = make_event()
    tagged = make_event()
    tagged.topics.append(ethics)
    hosted = make_event()
    hosted.organisations.append(hec)
    in_series = make_event(series=series)
    db.session.commit()
    assert ids(client, "topic=ethics") == [tagged.id]
    assert ids(client, "organisation=hec-paris") == [hosted.id]
    assert ids(client, "series=hi-paris-talks") == [in_series.id]
    assert ids(client, "topic=ethics&series=hi-paris-talks") == []
    assert plain.id in ids(client, "")


@pytest.fixture
def searchable(make_event):
    return {
        "ethics": make_event(title_en="Éthique des données", title_fr=None),
        "school": make_event(title_en="L'École d'hiver", title_fr=None),
        "percent": make_event(title_en="100% robots", title_fr=None),
        "underscore": make_event(title_en="snake_case talk", title_fr=None),
        "quotes": make_event(title_en='The "quoted" word', title_fr=None),
        "backslash": make_event(title_en="C:\\ drive", title_fr=None),
        "plain": make_event(title_en="Learning in 100 steps", title_fr=None),
    }


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("ethique", ["ethics"]),
        ("ÉTHIQUE", ["ethics"]),
        ("ecole", ["school"]),
        ("Ecole hiver", ["school"]),
        # Search is by words (see the README): symbols are not words, and never an error.
        ("%", []),
        ("100%", ["percent", "plain"]),
        ("_", []),
        ("snake_case", ["underscore"]),
        ('"quoted"', ["quotes"]),
        ("'", []),
        ("\\", []),
        ("C:\\ drive", ["backslash"]),
        ("nothing-like-this", []),
    ],
)
def test_text_search_is_blind_to_case_and_accents_and_symbols_are_not_words(
    client, searchable, q, found
):
    assert ids(client, f"q={quote(q)}") == [searchable[name].id for name in found]


def test_from_and_to_are_local_days(client, make_event):
    early = make_event(start=datetime(2027, 1, 10, 10, 0))
    middle = make_event(start=datetime(2027, 1, 12, 23, 30), site="oxford")
    late = make_event(start=datetime(2027, 1, 14, 0, 30))
    assert ids(client, "from=2027-01-11&to=2027-01-13") == [middle.id]
    assert ids(client, "from=2027-01-12&to=2027-01-12") == [middle.id]
    assert ids(client, "from=2027-01-13") == [middle.id, late.id]  # it ends at 01:30 on the 13th
    assert ids(client, "to=2027-01-10") == [early.id]


def test_events_over_are_hidden_unless_from_is_given(client, make_event):
    past = make_event(start=datetime(2026, 3, 27, 14, 0))
    coming = make_event()
    assert ids(client, "") == [coming.id]
    assert ids(client, "from=2026-03-01") == [past.id, coming.id]
    assert get_ok(client, f"/api/v1/events/{past.id}")["id"] == past.id


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("site=nowhere", "site"),
        ("site=oxford&site=atlantis", "site"),
        ("type=conference", "type"),
        ("topic=no-such-topic", "topic"),
        ("series=no-such-series", "series"),
        ("organisation=no-such-org", "organisation"),
        ("from=2026-13-01", "from"),
        ("to=tomorrow", "to"),
        ("from=2027-02-01&to=2027-01-01", "to"),
        ("q=" + "x" * 201, "q"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=-1", "page"),
        ("page=%C2%B2", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=ten", "per_page"),
    ],
)
def test_a_value_that_makes_no_sense_is_a_400_naming_the_field(client, sites, query, field):
    error = get_error(client, f"/api/v1/events?{query}", 400)
    assert set(error["fields"]) == {field}
    assert error["fields"][field]


def test_every_refused_filter_is_reported_at_once(client, sites):
    error = get_error(client, "/api/v1/events?site=atlantis&from=soon&page=abc", 400)
    assert set(error["fields"]) == {"site", "from", "page"}
    assert "atlantis" in error["fields"]["site"]
    assert "oxford" not in error["fields"]["site"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("site=ox%00ford", "site"), ("organisation=a%00", "organisation"), ("q=%00", "q"),
     ("from=0001-01-01", "from"), ("to=9999-12-31", "to")],
)  # fmt: skip
def test_hostile_filters_are_refused_not_a_server_error(client, sites, query, field):
    error = get_error(client, f"/api/v1/events?{query}", 400)
    assert list(error["fields"]) == [field]


def test_error_messages_are_english_without_accept_language(client, sites):
    client.set_cookie("lang", "fr")  # the site's cookie has no say in the API
    error = get_error(client, "/api/v1/events?site=atlantis&from=soon", 400)
    assert error["message"] == "Some filters are not valid."
    assert error["fields"] == {
        "site": "Unknown value: atlantis",
        "from": "Not a date: give it as YYYY-MM-DD.",
    }
    german = get_error(
        client, "/api/v1/events?site=atlantis", 400, headers={"Accept-Language": "de"}
    )
    assert german["message"] == "Some filters are not valid."


def test_error_messages_are_french_with_accept_language_french(client, sites):
    url = "/api/v1/events?site=atlantis&from=soon"
    en = get_error(client, url, 400, headers={"Accept-Language": "en"})
    client.set_cookie("lang", "en")
    fr = get_error(client, url, 400, headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert set(fr["fields"]) == set(en["fields"])
    assert fr["message"] != en["message"]
    assert all(fr["fields"][name] != en["fields"][name] for name in en["fields"])
    assert "atlantis" in fr["fields"]["site"]
    missing = get_error(client, "/api/v1/events/999999", 404, headers={"Accept-Language": "fr"})
    assert missing["message"] != "There is no event with this id."


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        ("fr", None, "en"),
        ("en", "fr", "fr"),
        (None, "fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("fr", "de", "en"),
    ],
)
def test_api_locale_follows_accept_language_alone(app, cookie, header, expected):
    headers = {"Accept-Language": header} if header else {}
    if cookie:
        headers["Cookie"] = f"lang={cookie}"
    with app.test_request_context("/api/v1/events", headers=headers):
        assert select_locale() == expected


def test_pages_still_follow_the_cookie(app):
    headers = {"Cookie": "lang=fr", "Accept-Language": "en"}
    with app.test_request_context("/", headers=headers):
        assert select_locale() == "fr"


@pytest.mark.parametrize(
    "path", ["999999", "abc", "0", "-1", "1.5", "99999999999999999999999", "%C2%B2"]
)
def test_an_unknown_id_is_a_json_404(client, sites, path):
    error = get_error(client, f"/api/v1/events/{path}", 404)
    assert error == {"message": "There is no event with this id.", "fields": {}}


def test_an_unknown_api_path_is_a_json_404(client):
    error = get_error(client, "/api/v1/nothing-here", 404)
    assert error["message"] == "Not found."


@pytest.mark.parametrize(
    ("method", "path"), [("put", "/api/v1/events"), ("post", "/api/v1/events/1")]
)
def test_a_method_the_api_does_not_take_is_a_json_405(client, sites, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response.get_json() == {
        "error": {"message": "This method is not allowed here.", "fields": {}}
    }
    assert "GET" in response.headers["Allow"]


# --- time zones --------------------------------------------------------------------------------


def starts(client, query: str) -> list[tuple[str, str]]:
    body = get_ok(client, f"/api/v1/events?{query}")
    return [(item["start"], item["end"]) for item in body["items"]]


def test_paris_offset_follows_the_march_clock_change(client, make_event):
    make_event(start=datetime(2026, 3, 27, 14, 0))
    make_event(start=datetime(2026, 3, 30, 14, 0))
    assert starts(client, "site=paris-saclay&from=2026-03-01&to=2026-03-31") == [
        ("2026-03-27T14:00:00+01:00", "2026-03-27T16:00:00+01:00"),
        ("2026-03-30T14:00:00+02:00", "2026-03-30T16:00:00+02:00"),
    ]


def test_london_offset_follows_the_october_clock_change(client, make_event):
    friday = make_event(site="oxford", start=datetime(2026, 10, 23, 16, 0), sessions=1)
    make_event(site="cambridge", start=datetime(2026, 10, 26, 16, 0))
    assert starts(client, "site=oxford&site=cambridge&from=2026-10-01&to=2026-10-31") == [
        ("2026-10-23T16:00:00+01:00", "2026-10-23T18:00:00+01:00"),
        ("2026-10-26T16:00:00+00:00", "2026-10-26T18:00:00+00:00"),
    ]
    body = get_ok(client, f"/api/v1/events/{friday.id}")
    assert body["timezone"] == "Europe/London"
    assert body["sessions"][0]["start"] == "2026-10-23T16:00:00+01:00"


def test_all_day_event_runs_from_local_midnight_to_the_midnight_after_its_last_day(
    client, make_event
):
    # 28 and 29 March 2026 in Paris: clocks go forward in between, so the span is 47 hours.
    event = make_event(start=datetime(2026, 3, 28, 0, 0), hours=47, all_day=True)
    body = get_ok(client, f"/api/v1/events/{event.id}")
    assert body["all_day"] is True
    assert (body["start"], body["end"]) == (
        "2026-03-28T00:00:00+01:00",
        "2026-03-30T00:00:00+02:00",
    )
    assert ids(client, "from=2026-03-29&to=2026-03-29") == [event.id]
    assert ids(client, "from=2026-03-30") == []
