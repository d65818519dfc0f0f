"""The subscribe box and the calendar links on pages."""

from __future__ import annotations

from datetime import datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_list_page_offers_its_filtered_feed(client, sites):
    html = page(client, "/fr/events/?site=oxford&type=seminar&page=2")
    feed = "events.example.org/feeds/fr/events.ics?site=oxford&type=seminar"
    assert f'href="webcal://{feed}"' in html
    assert f'value="https://{feed}"' in html
    assert "Comment s’abonner" in html and "Thunderbird" in html
    assert "page=2" not in html.split('value="https://')[1].split('"')[0]


def test_subscribed_list_feed_answers(client, sites):
    html = page(client, "/en/sites/cambridge")
    address = html.split('id="feed-url" type="url" readonly value="')[1].split('"')[0]
    assert address == "https://events.example.org/feeds/en/events.ics?site=cambridge"
    response = client.get(address.removeprefix("https://events.example.org"))
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"


def test_series_page_subscribes_to_the_series(client, make_event):
    from eventapp.extensions import db
    from eventapp.reference.models import Series

    db.session.add(Series(slug="ml-seminar", title_en="ML seminar"))
    db.session.commit()
    html = page(client, "/en/series/ml-seminar")
    assert "webcal://events.example.org/feeds/en/events.ics?series=ml-seminar" in html
    assert "Subscribe to this series" in html


def test_event_page_has_google_link_download_and_its_own_feed(client, make_event):
    event = make_event(title_en="Robots & people", start=datetime(2027, 6, 15, 16, 0))
    html = page(client, f"/en/events/{event.id}")
    assert f'href="/feeds/en/events/{event.id}.ics?sessions=0" download=' in html
    assert f"webcal://events.example.org/feeds/en/events/{event.id}.ics" in html
    google = html.split('href="https://calendar.google.com/calendar/render?')[1].split('"')[0]
    params = parse_qs(google)
    assert params["text"] == ["Robots & people"]
    assert params["dates"] == ["20270615T140000Z/20270615T160000Z"]  # 16:00 Paris in summer
    assert params["ctz"] == ["Europe/Paris"]
    assert urlsplit(params["details"][0]).path.startswith(f"/en/events/{event.id}")


def test_google_link_of_an_all_day_workshop_uses_whole_days(client, make_event, sites):
    event = make_event(start=datetime(2027, 5, 3, 0, 0), hours=72, all_day=True)
    html = page(client, f"/fr/events/{event.id}")
    google = html.split('href="https://calendar.google.com/calendar/render?')[1].split('"')[0]
    assert parse_qs(google)["dates"] == ["20270503/20270506"]
    assert "Ajouter à Google Agenda" in html


def test_event_page_offers_outlook_beside_google(client, make_event):
    event = make_event(title_en="Robots & people", start=datetime(2027, 6, 15, 16, 0))
    html = page(client, f"/en/events/{event.id}")
    for host in ("outlook.live.com", "outlook.office.com"):
        link = html.split(f'href="https://{host}/calendar/0/deeplink/compose?')[1].split('"')[0]
        params = parse_qs(link)
        assert params["subject"] == ["Robots & people"]
        assert params["startdt"] == ["2027-06-15T14:00:00Z"]  # 16:00 Paris in summer
        assert params["enddt"] == ["2027-06-15T16:00:00Z"]
        assert params["rru"] == ["addevent"] and "allday" not in params
        assert urlsplit(params["body"][0]).path.startswith(f"/en/events/{event.id}")
    assert "Add to Outlook.com" in html and "Add to Office 365" in html


def test_outlook_link_of_an_all_day_workshop_uses_whole_days(client, make_event, sites):
    event = make_event(start=datetime(2027, 5, 3, 0, 0), hours=72, all_day=True)
    html = page(client, f"/fr/events/{event.id}")
    link = html.split('href="https://outlook.live.com/calendar/0/deeplink/compose?')[1].split('"')[
        0
    ]
    params = parse_qs(link)
    assert (params["startdt"], params["enddt"]) == (["2027-05-03"], ["2027-05-06"])
    assert params["allday"] == ["true"]
    assert "Ajouter à Outlook.com" in html


def test_a_cancelled_event_offers_no_way_to_add_it(client, make_event):
    event = make_event(title_en="Called off", status="cancelled", sessions=2)
    html = page(client, f"/en/events/{event.id}")
    assert "This event has been cancelled." in html
    for offer in ("calendar.google.com", "outlook.live.com", "outlook.office.com", ".ics",
                  "webcal://", "Subscribe to this event"):  # fmt: skip
        assert offer not in html, offer


def test_download_is_the_event_alone_and_its_sessions_are_a_separate_choice(client, make_event):
    from icalendar import Calendar

    def uids(url: str) -> list[str]:
        return [str(e["UID"]) for e in Calendar.from_ical(client.get(url).data).walk("VEVENT")]

    event = make_event(kind="symposium", hours=30, sessions=3)
    html = page(client, f"/en/events/{event.id}")
    assert f'href="/feeds/en/events/{event.id}.ics" download=' in html
    assert "Download with its sessions" in html
    alone = uids(f"/feeds/en/events/{event.id}.ics?sessions=0")
    assert alone == [f"event-{event.id}@events.example.org"]
    assert len(uids(f"/feeds/en/events/{event.id}.ics")) == 4
    assert (
        client.get(f"/feeds/en/events/{event.id}.ics?sessions=0").headers["ETag"]
        != client.get(f"/feeds/en/events/{event.id}.ics").headers["ETag"]
    )


def test_an_event_without_sessions_offers_one_download(client, make_event):
    event = make_event()
    html = page(client, f"/en/events/{event.id}")
    assert "Download with its sessions" not in html
