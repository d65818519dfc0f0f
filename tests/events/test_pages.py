"""The list, event, series and site pages, in both languages."""

from __future__ import annotations

import re
from datetime import datetime

from eventapp.extensions import db
from eventapp.reference.models import Series


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_root_redirects_to_saved_language_then_accept_language_then_english(client):
    assert client.get("/").headers["Location"].endswith("/en/")
    fr = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert fr.headers["Location"].endswith("/fr/")
    client.set_cookie("lang", "en")
    saved = client.get("/", headers={"Accept-Language": "fr"})
    assert saved.headers["Location"].endswith("/en/")


def test_visiting_a_language_remembers_it(client, sites):
    client.get("/fr/events/")
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"].endswith("/fr/")


def test_unsupported_language_is_a_404_page(client):
    response = client.get("/de/events/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_list_shows_event_facts_in_each_language(client, make_event):
    event = make_event(
        title_en="Fairness in ranking", title_fr="Équité du classement",
        start=datetime(2027, 3, 16, 14, 0), organisations=2, topics=1,
    )  # fmt: skip
    en = text_of(client.get("/en/events/"))
    assert "Fairness in ranking" in en
    assert "Tue 16 Mar 2027, 14:00–16:00 (Paris time)" in en
    assert "Seminar" in en and "Org " in en and "In French and English" in en
    fr = text_of(client.get("/fr/events/"))
    assert "Équité du classement" in fr
    assert "mar. 16 mars 2027, 14:00–16:00 (heure de Paris)" in fr
    assert "Séminaire" in fr
    assert f"/fr/events/{event.id}-equite-du-classement" in fr


def test_london_events_name_uk_time(client, make_event):
    make_event(site="oxford", start=datetime(2027, 2, 9, 16, 0), hours=1.5)
    assert "Tue 9 Feb 2027, 16:00–17:30 (UK time)" in text_of(client.get("/en/events/"))
    fr = text_of(client.get("/fr/events/"))
    assert "mar. 9 févr. 2027, 16:00–17:30 (heure du Royaume-Uni)" in fr


def test_page_times_either_side_of_clock_changes(client, make_event):
    # Past dates: the list hides them, the event page still shows them at their local time.
    cases = [
        ("paris-saclay", datetime(2026, 3, 27, 14, 0), "Fri 27 Mar 2026, 14:00"),
        ("paris-saclay", datetime(2026, 3, 30, 14, 0), "Mon 30 Mar 2026, 14:00"),
        ("oxford", datetime(2026, 10, 23, 16, 0), "Fri 23 Oct 2026, 16:00"),
        ("cambridge", datetime(2026, 10, 26, 16, 0), "Mon 26 Oct 2026, 16:00"),
    ]
    for site, start, shown in cases:
        event = make_event(site=site, start=start)
        assert shown in text_of(client.get(f"/en/events/{event.id}"))


def test_content_in_one_language_falls_back_marked_with_lang(client, make_event):
    event = make_event(title_en="Only in English", title_fr=None, summary_en="English summary")
    fr = text_of(client.get(f"/fr/events/{event.id}"))
    assert '<span lang="en">Only in English</span>' in fr
    assert "(en anglais)" in fr
    en = text_of(client.get(f"/en/events/{event.id}"))
    assert '<span lang="en">Only in English</span>' not in en


def test_language_switch_leads_to_same_page_with_filters(client, make_event):
    event = make_event()
    page = text_of(client.get(f"/en/events/{event.id}"))
    assert re.search(rf'href="/fr/events/{event.id}[^"]*" hreflang="fr"', page)
    listing = text_of(client.get("/en/events/?type=seminar"))
    assert 'href="/fr/events/?type=seminar"' in listing


def test_user_text_is_escaped_and_markdown_sanitised(client, make_event):
    event = make_event(
        title_en='<script>alert("t")</script>',
        description_en="**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    )
    page = text_of(client.get(f"/en/events/{event.id}"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<strong>bold</strong>" in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page


def test_cancelled_event_says_so(client, make_event):
    event = make_event(status="cancelled", cancel_reason_en="The speaker is ill.")
    page = text_of(client.get(f"/en/events/{event.id}"))
    assert "This event has been cancelled." in page
    assert "The speaker is ill." in page
    fr = text_of(client.get(f"/fr/events/{event.id}"))
    assert "Cet événement est annulé." in fr


def test_draft_and_unknown_events_are_404_in_the_page_language(client, make_event):
    draft = make_event(status="draft")
    assert client.get(f"/en/events/{draft.id}").status_code == 404
    missing = client.get("/fr/events/999999")
    assert missing.status_code == 404
    assert "Page introuvable" in text_of(missing)
    assert client.get("/fr/series/nope").status_code == 404
    assert client.get("/en/sites/nope").status_code == 404


def test_timetable_groups_sessions_by_local_day(client, make_event):
    event = make_event(start=datetime(2027, 5, 11, 23, 0), sessions=4, hours=3, speakers=2)
    page = text_of(client.get(f"/en/events/{event.id}"))
    # 23:00, 23:20, 23:40 on the 11th, 00:00 on the 12th (Paris time).
    assert page.index("Tue 11 May 2027") < page.index("23:40–00:00")
    assert page.index("Wed 12 May 2027") < page.index("00:00–00:20")
    assert "Talker" in page and "Speaker" in page


def test_series_and_site_pages_list_their_events(client, make_event, sites):
    series = Series(slug="ethics-seminar", title_en="Ethics seminar", title_fr="Séminaire")
    db.session.add(series)
    db.session.commit()
    make_event(title_en="In the series", series=series)
    make_event(title_en="At Oxford", site="oxford")
    series_page = text_of(client.get("/en/series/ethics-seminar"))
    assert "In the series" in series_page and "At Oxford" not in series_page
    site_page = text_of(client.get("/en/sites/oxford"))
    assert "At Oxford" in site_page and "In the series" not in site_page
    assert "UK time" in site_page


def test_hybrid_event_shows_venue_address_and_online_link(client, make_event):
    event = make_event(online_url="https://meet.example.org/ai-ethics")
    page = text_of(client.get(f"/en/events/{event.id}"))
    assert "1 Example Road" in page
    assert 'href="https://meet.example.org/ai-ethics"' in page


def test_a_javascript_link_is_never_clickable(client, make_event):
    event = make_event(online_url="javascript:alert(1)", venue=False)
    page = text_of(client.get(f"/en/events/{event.id}"))
    assert 'href="javascript:' not in page
    assert "Online" in page


def test_both_checked_sites_stay_checked(client, sites):
    page = text_of(client.get("/en/events/?site=oxford&site=cambridge"))
    assert 'value="oxford" checked' in page and 'value="cambridge" checked' in page
    assert 'value="paris-saclay" checked' not in page


def test_a_regional_french_browser_gets_french(client):
    response = client.get("/", headers={"Accept-Language": "fr-CA, en;q=0.5"})
    assert response.headers["Location"].endswith("/fr/")


def test_a_non_ascii_page_number_is_a_message_not_a_crash(client, sites):
    response = client.get("/en/events/?page=²")
    assert response.status_code == 200
    assert "The page number must be a whole number from 1." in text_of(response)
