"""Publish, unpublish, move, cancel, duplicate, delete in the workspace: pages and feeds follow."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from icalendar import Calendar
from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db


def vevent(client, event_id: int, lang: str = "en"):
    """The event's own VEVENT in its feed."""
    response = client.get(f"/feeds/{lang}/events/{event_id}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    uid = f"event-{event_id}@events.example.org"
    return next(c for c in calendar.walk("VEVENT") if str(c["UID"]) == uid)


def edit_url(event) -> str:
    return f"/en/workspace/events/{event.id}/edit"


def test_publish_then_unpublish(client, login, submit, hosted, fresh):
    event = hosted(status="draft")
    login("organiser")
    assert client.get(f"/en/events/{event.id}").status_code == 404
    response = submit(f"/en/workspace/events/{event.id}/publish", {}, page=edit_url(event))
    assert response.status_code == 302 and fresh(Event, event.id).status == "published"
    assert "The event is published." in client.get(edit_url(event)).get_data(as_text=True)
    assert client.get(f"/en/events/{event.id}").status_code == 200
    submit(f"/en/workspace/events/{event.id}/unpublish", {}, page=edit_url(event))
    assert fresh(Event, event.id).status == "draft"
    assert client.get(f"/en/events/{event.id}").status_code == 404


def test_publishing_twice_is_refused_with_a_message(client, login, submit, hosted):
    event = hosted()
    login("organiser")
    response = submit(f"/en/workspace/events/{event.id}/publish", {}, page=edit_url(event))
    assert response.status_code == 302
    assert "Only a draft can be published." in client.get(edit_url(event)).get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused(client, login, hosted, fresh):
    event = hosted(status="draft")
    login("organiser")
    assert client.post(f"/en/workspace/events/{event.id}/publish").status_code == 400
    assert fresh(Event, event.id).status == "draft"


def test_moving_updates_the_public_page_and_the_feed(client, login, submit, hosted, fresh):
    event = hosted()
    before = vevent(client, event.id)
    assert int(before["SEQUENCE"]) == 0
    login("organiser")
    url = f"/en/workspace/events/{event.id}/move"
    assert 'value="2027-03-26T14:00"' in client.get(url).get_data(as_text=True)
    response = submit(url, {"start": "2027-04-02T10:00", "end": "2027-04-02T12:00"})
    assert response.status_code == 302
    moved = fresh(Event, event.id)
    assert moved.start_at == datetime(2027, 4, 2, 8, 0, tzinfo=UTC)  # summer time by then
    assert "Fri 2 Apr 2027, 10:00–12:00" in client.get(f"/en/events/{event.id}").get_data(
        as_text=True
    )
    after = vevent(client, event.id)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["DTSTART"].dt == datetime(2027, 4, 2, 10, 0, tzinfo=moved.site.zone)


def test_a_move_to_a_time_the_clocks_skip_is_refused_next_to_the_field(
    client, login, submit, hosted, fresh
):
    event = hosted()
    login("organiser")
    url = f"/fr/workspace/events/{event.id}/move"
    response = submit(url, {"start": "2027-03-28T02:30", "end": "2027-03-28T04:00"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="start-error">[^<]*n’existe pas', html)
    assert 'value="2027-03-28T02:30"' in html
    assert fresh(Event, event.id).sequence == 0


def test_a_move_that_ends_before_it_starts_is_refused(client, login, submit, hosted, fresh):
    event = hosted()
    login("organiser")
    url = f"/en/workspace/events/{event.id}/move"
    response = submit(url, {"start": "2027-04-02T10:00", "end": "2027-04-02T09:00"})
    assert response.status_code == 400
    assert "The end must come after the start." in response.get_data(as_text=True)
    assert fresh(Event, event.id).sequence == 0


def test_an_all_day_event_moves_by_whole_days(client, login, submit, hosted, fresh):
    event = hosted(all_day=True, start=datetime(2027, 5, 10, 0, 0), hours=24)
    login("organiser")
    url = f"/en/workspace/events/{event.id}/move"
    assert 'type="date"' in client.get(url).get_data(as_text=True)
    response = submit(url, {"start_day": "2027-05-12", "end_day": "2027-05-13"})
    assert response.status_code == 302
    moved = fresh(Event, event.id)
    assert (moved.first_day, moved.last_day) == (date(2027, 5, 12), date(2027, 5, 13))


def test_cancelling_shows_the_reason_on_the_page_and_in_the_feed(
    client, login, submit, hosted, fresh
):
    event = hosted()
    login("organiser")
    url = f"/en/workspace/events/{event.id}/cancel"
    assert "This cannot be undone." in client.get(url).get_data(as_text=True)
    response = submit(url, {"reason_fr": "Orateur malade.", "reason_en": "The speaker is ill."})
    assert response.status_code == 302
    assert fresh(Event, event.id).status == "cancelled"
    page = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "This event has been cancelled." in page and "The speaker is ill." in page
    assert "Orateur malade." in client.get(f"/fr/events/{event.id}").get_data(as_text=True)
    feed = vevent(client, event.id)
    assert str(feed["STATUS"]) == "CANCELLED" and int(feed["SEQUENCE"]) == 1


def test_a_draft_cannot_be_cancelled(client, login, submit, hosted, fresh):
    event = hosted(status="draft")
    login("organiser")
    response = submit(f"/en/workspace/events/{event.id}/cancel", {"reason_en": "No"})
    assert response.status_code == 400
    assert "Only a published event can be cancelled." in response.get_data(as_text=True)
    assert fresh(Event, event.id).status == "draft"


def test_duplicating_offers_a_week_later_and_makes_a_draft(client, login, submit, hosted):
    event = hosted(start=datetime(2027, 3, 24, 14, 0))
    login("organiser")
    url = f"/en/workspace/events/{event.id}/duplicate"
    assert 'value="2027-03-31T14:00"' in client.get(url).get_data(as_text=True)
    response = submit(url, {"start": "2027-03-31T14:00"})
    assert response.status_code == 302
    db.session.commit()
    copy = db.session.scalars(select(Event).where(Event.id != event.id)).one()
    assert copy.status == "draft" and response.headers["Location"].endswith(f"/{copy.id}/edit")
    assert copy.start_at == datetime(2027, 3, 31, 12, 0, tzinfo=UTC)  # 14:00 summer time
    assert copy.end_at == datetime(2027, 3, 31, 14, 0, tzinfo=UTC)
    assert copy.organisations[0].slug == "hec-paris"


def test_deleting_a_draft_and_refusing_to_delete_a_published_event(
    client, login, submit, hosted, fresh
):
    draft, published = hosted(status="draft").id, hosted().id
    login("organiser")
    page = client.get(f"/en/workspace/events/{draft}/delete").get_data(as_text=True)
    assert "This cannot be undone." in page
    response = submit(f"/en/workspace/events/{draft}/delete", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/workspace/")
    assert fresh(Event, draft) is None
    refused = submit(f"/en/workspace/events/{published}/delete", {})
    assert refused.status_code == 409
    assert "Only a draft can be deleted" in refused.get_data(as_text=True)
    assert fresh(Event, published) is not None
