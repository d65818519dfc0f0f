"""What subscribers see: moved, relocated, cancelled, deleted, whole-day and empty feeds, sessions,
the 90-day window, the list's filters, errors, and texts in the feed's language.

Every feed read here goes through `fetch_feed`: byte checks, `icalendar` and (where installed)
ical.js on each one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventapp.events.services import cancel_event, move_event
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Topic, Venue

DOMAIN = "events.example.org"


def uid(event) -> str:
    return f"event-{event.id}@{DOMAIN}"


def days_ago(days: int, hour: int = 10) -> datetime:
    """Local wall time `days` ago (for make_event), whatever today is."""
    return (clock.now() - timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0, tzinfo=None
    )


def later(minutes: int = 5) -> datetime:
    """A clock for services that is surely after every stamp written so far."""
    return clock.now() + timedelta(minutes=minutes)


# --- changes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sessions", [0, 2])
def test_a_moved_event_keeps_its_uid_in_both_languages(
    client, fetch_feed, make_event, sessions, settings
) -> None:
    event = make_event(start=datetime(2027, 3, 26, 14, 0), sessions=sessions)
    before = {
        lang: fetch_feed(client, f"/feeds/{lang}/events.ics?sessions=1") for lang in ("fr", "en")
    }
    old = {lang: feed.event(uid(event)) for lang, feed in before.items()}
    assert old["fr"]["DTSTART"] == "20270326T140000"
    assert old["fr"]["UID"] == old["en"]["UID"] == uid(event)

    now = later()
    move_event(
        event, start_at=datetime(2027, 4, 2, 12, 0, tzinfo=UTC),
        end_at=datetime(2027, 4, 2, 14, 0, tzinfo=UTC), settings=settings, now=now,
    )  # fmt: skip
    db.session.commit()

    for lang in ("fr", "en"):
        feed = fetch_feed(client, f"/feeds/{lang}/events.ics?sessions=1")
        assert feed.uids == before[lang].uids  # nothing came or went: same UIDs
        new = feed.event(uid(event))
        assert int(new["SEQUENCE"]) > int(old[lang]["SEQUENCE"])
        # LAST-MODIFIED is the service's clock, not whatever time the flush ran at.
        assert new["LAST-MODIFIED"] == new["DTSTAMP"] == f"{now:%Y%m%dT%H%M%SZ}"
        assert new["LAST-MODIFIED"] > old[lang]["LAST-MODIFIED"]
        assert (new["DTSTART"], new["DTEND"]) == ("20270402T140000", "20270402T160000")  # CEST
        for session in event.sessions:
            read = feed.event(f"session-{session.id}@{DOMAIN}")
            was = before[lang].event(f"session-{session.id}@{DOMAIN}")
            assert int(read["SEQUENCE"]) > int(was["SEQUENCE"])
            assert read["LAST-MODIFIED"] == new["LAST-MODIFIED"]
            assert read["DTSTART"][:8] == "20270402"


def test_a_move_adds_exactly_one_to_the_sequence(client, fetch_feed, make_event, settings) -> None:
    event = make_event(start=datetime(2027, 3, 26, 14, 0))
    old = fetch_feed(client, "/feeds/en/events.ics").event(uid(event))
    move_event(
        event, start_at=datetime(2027, 4, 2, 12, 0, tzinfo=UTC),
        end_at=datetime(2027, 4, 2, 14, 0, tzinfo=UTC), settings=settings, now=later(),
    )  # fmt: skip
    db.session.commit()
    new = fetch_feed(client, "/feeds/en/events.ics").event(uid(event))
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1


def test_a_relocated_event_shows_its_new_place(client, fetch_feed, make_event, sites) -> None:
    event = make_event(site="oxford")
    old = fetch_feed(client, "/feeds/en/events.ics").event(uid(event))
    hall = Venue(
        name_en="Great Hall", name_fr="Grande salle", address="2 High St", site=sites["oxford"]
    )
    db.session.add(hall)
    db.session.flush()
    # As the editing service does, with its clock: the flush hook adds 1 to the SEQUENCE.
    event.venue, event.updated_at = hall, later()
    db.session.commit()
    for lang, place in (("en", "Great Hall, 2 High St"), ("fr", "Grande salle, 2 High St")):
        new = fetch_feed(client, f"/feeds/{lang}/events.ics").event(uid(event))
        assert new["LOCATION"] == place
        assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
        assert new["LAST-MODIFIED"] > old["LAST-MODIFIED"]

    event.venue, event.online_url, event.updated_at = None, "https://meet.example.org/r", later(10)
    db.session.commit()
    for lang, place in (("en", "Online"), ("fr", "En ligne")):
        new = fetch_feed(client, f"/feeds/{lang}/events.ics").event(uid(event))
        assert new["LOCATION"] == place
        assert "https://meet.example.org/r" in new["DESCRIPTION"]
        assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 2


def test_a_cancelled_event_stays_marked_then_leaves_30_days_after(
    client, fetch_feed, make_event, settings
) -> None:
    coming = make_event(title_en="Deep nets", title_fr="Réseaux profonds")
    old = fetch_feed(client, "/feeds/en/events.ics").event(uid(coming))
    recent = make_event(start=days_ago(20))
    long_ago = make_event(start=days_ago(40))
    kept = make_event(start=days_ago(40))  # published: the 90-day window keeps it
    for event in (coming, recent, long_ago):
        cancel_event(
            event,
            settings=settings,
            now=later(),
            reason_en="Speaker ill",
            reason_fr="Orateur malade",
        )
    db.session.commit()

    for lang, title, reason in (
        ("en", "[CANCELLED] Deep nets", "Speaker ill"),
        ("fr", "[ANNULÉ] Réseaux profonds", "Orateur malade"),
    ):
        feed = fetch_feed(client, f"/feeds/{lang}/events.ics")
        read = feed.event(uid(coming))
        assert read["STATUS"] == "CANCELLED"
        assert read["SUMMARY"] == title
        assert reason in read["DESCRIPTION"]
        assert int(read["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
        assert read["LAST-MODIFIED"] > old["LAST-MODIFIED"]
        assert uid(recent) in feed.uids and feed.event(uid(recent))["STATUS"] == "CANCELLED"
        assert uid(long_ago) not in feed.uids
        assert uid(kept) in feed.uids
        # The per-event feed still answers for a cancelled event.
        single = fetch_feed(client, f"/feeds/{lang}/events/{coming.id}.ics")
        assert single.event(uid(coming))["STATUS"] == "CANCELLED"


def test_a_deleted_event_leaves_the_feed(client, fetch_feed, make_event) -> None:
    gone, stays = make_event(sessions=1), make_event()
    feed = fetch_feed(client, "/feeds/fr/events.ics?sessions=1")
    assert {uid(gone), uid(stays)} <= set(feed.uids)
    session_uid = f"session-{gone.sessions[0].id}@{DOMAIN}"
    assert session_uid in feed.uids
    db.session.delete(gone)  # as an admin purge would: services never delete a published event
    db.session.commit()
    after = fetch_feed(client, "/feeds/fr/events.ics?sessions=1")
    assert uid(stays) in after.uids
    assert not {uid(gone), session_uid} & set(after.uids)
    assert after.response.headers["ETag"] != feed.response.headers["ETag"]


def test_a_removed_session_leaves_the_feed(client, fetch_feed, make_event) -> None:
    event = make_event(sessions=2)
    first, second = event.sessions
    feed = fetch_feed(client, f"/feeds/en/events/{event.id}.ics")
    assert len(feed.events) == 3
    event.sessions.remove(second)
    db.session.commit()
    after = fetch_feed(client, f"/feeds/en/events/{event.id}.ics")
    assert after.uids == [uid(event), f"session-{first.id}@{DOMAIN}"]
    assert len(fetch_feed(client, "/feeds/en/events.ics?sessions=1").events) == 2


# --- shapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["q=zzzz-nothing", "site=oxford&type=symposium"])
def test_an_empty_feed_is_a_valid_calendar(client, fetch_feed, make_event, query) -> None:
    make_event()
    feed = fetch_feed(client, f"/feeds/en/events.ics?{query}")
    assert feed.events == []
    assert len(feed.zones) == 1  # icalendar's validate() refuses a calendar without components
    if "oxford" in query:
        assert feed.zones == ["Europe/London"]


def test_a_long_french_title_folds_on_characters(client, fetch_feed, make_event) -> None:
    title = (
        "Séminaire « Éthique, équité et sûreté des systèmes d’apprentissage » : "
        + "où s’arrêtent les garanties ? " * 6
        + "— Première séance, première journée 😀"
    )
    assert len(title.encode()) > 200
    event = make_event(title_fr=title, summary_fr="Résumé : " + "é" * 300)
    feed = fetch_feed(client, "/feeds/fr/events.ics")  # checks every fold
    read = feed.event(uid(event))
    assert read["SUMMARY"] == title
    assert read["DESCRIPTION"].startswith("Résumé : " + "é" * 300)
    lines = feed.data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(1 for line in lines if line.startswith(b" ")) > 5  # it did fold


def test_titles_with_separators_and_newlines_round_trip(client, fetch_feed, make_event) -> None:
    # A title is kept on one line (its line break became a space); a description keeps its lines.
    title = "Part 1, part 2; \\ back\\slash second line\\n not a newline\\N,;"
    event = make_event(title_en=title.replace(" second", "\nsecond"), summary_en="One\nTwo;")
    feed = fetch_feed(client, "/feeds/en/events.ics")
    raw = [p for p in feed.event(uid(event)).props if p.name == "SUMMARY"][0].raw
    assert raw == (
        "Part 1\\, part 2\\; \\\\ back\\\\slash second line\\\\n not a newline\\\\N\\,\\;"
    )
    described = [p for p in feed.event(uid(event)).props if p.name == "DESCRIPTION"][0].raw
    assert "One\\nTwo\\;" in described
    assert feed.event(uid(event))["SUMMARY"] == title
    assert str(feed.icalendar.walk("VEVENT")[0]["SUMMARY"]) == title
    if feed.js is not None:
        assert feed.js["events"][0]["summary"] == title


def test_sessions_are_their_own_events_on_request(client, fetch_feed, make_event) -> None:
    event = make_event(sessions=3, title_en="Workshop day")
    plain = make_event()
    feed = fetch_feed(client, "/feeds/en/events.ics")
    assert feed.uids == [uid(event), uid(plain)]
    with_sessions = fetch_feed(client, "/feeds/en/events.ics?sessions=1")
    expected = [uid(event), *(f"session-{s.id}@{DOMAIN}" for s in event.sessions), uid(plain)]
    assert with_sessions.uids == expected
    first = with_sessions.event(f"session-{event.sessions[0].id}@{DOMAIN}")
    assert first["SUMMARY"] == "Session 0 — Workshop day"
    assert "R0" in first["LOCATION"]


def test_the_event_feed_holds_the_event_and_its_sessions(client, fetch_feed, make_event) -> None:
    event = make_event(sessions=2, title_fr="Atelier d’hiver", title_en="Winter workshop")
    make_event()
    for lang, title in (("fr", "Atelier d’hiver"), ("en", "Winter workshop")):
        feed = fetch_feed(client, f"/feeds/{lang}/events/{event.id}.ics")
        assert feed.uids == [uid(event), *(f"session-{s.id}@{DOMAIN}" for s in event.sessions)]
        assert feed.calendar["NAME"] == f"Entente CordIAle — {title}"
        assert feed.event(uid(event))["URL"].startswith(
            f"https://events.example.org/{lang}/events/{event.id}-"
        )


def test_the_default_window_starts_90_days_back(client, fetch_feed, make_event) -> None:
    old = make_event(start=days_ago(95))
    recent = make_event(start=days_ago(85))
    future = make_event()
    feed = fetch_feed(client, "/feeds/en/events.ics")
    assert feed.uids == [uid(recent), uid(future)]
    assert (
        uid(old) in fetch_feed(client, f"/feeds/en/events.ics?from={days_ago(100):%Y-%m-%d}").uids
    )


def test_texts_are_in_the_feed_language(client, fetch_feed, make_event) -> None:
    event = make_event(site="oxford", title_fr="Un séminaire", title_en=None, speakers=1)
    for lang, name, more in (
        ("fr", "Entente CordIAle — Séminaires à Oxford", "En savoir plus"),
        ("en", "Entente CordIAle — Seminars in Oxford", "More"),
    ):
        feed = fetch_feed(client, f"/feeds/{lang}/events.ics?site=oxford&type=seminar")
        assert feed.calendar["NAME"] == feed.calendar["X-WR-CALNAME"] == name
        assert feed.calendar["URL"] == (
            f"https://events.example.org/feeds/{lang}/events.ics?site=oxford&type=seminar"
        )
        read = feed.event(uid(event))
        assert read["SUMMARY"] == "Un séminaire"  # falls back to the other language
        assert read["URL"].startswith(f"https://events.example.org/{lang}/events/")
        assert more in read["DESCRIPTION"] and "Speaker" in read["DESCRIPTION"]


# --- filters and errors ------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_event, sites):
    ethics = Topic(slug="ethics", name_en="Ethics", name_fr="Éthique")
    series = Series(slug="reading-group", title_en="Reading group")
    org = Organisation(slug="csail", name_en="CSAIL", site=sites["cambridge"])
    db.session.add_all([ethics, series, org])
    db.session.commit()
    made = [
        make_event(site="oxford", kind="seminar", title_en="Graph learning"),
        make_event(site="oxford", kind="workshop", series=series),
        make_event(site="cambridge", kind="seminar", title_en="Éthique appliquée"),
        make_event(site="paris-saclay", kind="symposium", start=datetime(2027, 6, 1, 9, 0)),
        make_event(site="paris-saclay", kind="seminar", start=datetime(2027, 9, 1, 9, 0)),
    ]
    made[2].topics.append(ethics)
    made[2].organisations.append(org)
    made[0].series = series
    db.session.commit()
    return made


FILTERS = [
    "site=oxford",
    "site=oxford,cambridge",
    "type=seminar",
    "type=seminar&type=symposium",
    "topic=ethics",
    "series=reading-group",
    "organisation=csail",
    "q=ethique",
    "q=graph",
    "from=2027-05-01",
    "to=2027-06-30",
    "from=2027-05-01&to=2027-06-30&type=symposium",
]


@pytest.mark.parametrize("query", FILTERS)
def test_filters_work_as_on_the_list(client, fetch_feed, catalogue, query) -> None:
    api = client.get(f"/api/v1/events?{query}&per_page=100").get_json()
    expected = [f"event-{item['id']}@{DOMAIN}" for item in api["items"]]
    feed = fetch_feed(client, f"/feeds/en/events.ics?{query}")
    assert feed.uids == expected
    assert 0 < len(expected) < len(catalogue)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("site=atlantis", "atlantis"),
        ("type=party", "party"),
        ("topic=nope", "nope"),
        ("series=nope", "nope"),
        ("organisation=nope", "nope"),
        ("from=tomorrow", "YYYY-MM-DD"),
        ("from=2027-02-01&to=2027-01-01", "to"),
    ],
)
def test_a_bad_filter_is_a_plain_400(client, sites, query, reason) -> None:
    response = client.get(f"/feeds/en/events.ics?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert reason in response.get_data(as_text=True)


def test_unknown_drafts_and_languages_are_404(client, make_event) -> None:
    draft = make_event(status="draft")
    published = make_event()
    for url in (
        "/feeds/en/events/999999.ics",
        f"/feeds/en/events/{draft.id}.ics",
        f"/feeds/fr/events/{draft.id}.ics",
        "/feeds/de/events.ics",
        f"/feeds/de/events/{published.id}.ics",
        "/feeds/en/events/abc.ics",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/plain", url
    assert client.get(f"/feeds/en/events/{published.id}.ics").status_code == 200


def test_drafts_never_reach_the_list_feed(client, fetch_feed, make_event) -> None:
    draft = make_event(status="draft")
    shown = make_event()
    assert fetch_feed(client, "/feeds/en/events.ics").uids == [uid(shown)]
    assert uid(draft) not in fetch_feed(client, "/feeds/fr/events.ics?sessions=1").uids
