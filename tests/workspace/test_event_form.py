"""Creating and editing events through the workspace form: saves, refusals, clock changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eventapp.events.history import EventChange
from eventapp.events.models import Event
from eventapp.extensions import db

NEW = "/en/workspace/events/new"


@pytest.fixture
def seminar(world):
    """What an organiser types for a seminar at HEC Paris, Room A."""

    def typed(**changes) -> dict:
        values = {
            "title_fr": "Séminaire d’éthique", "title_en": "Ethics seminar",
            "summary_en": "On fairness.", "description_en": "**Bold** claims.",
            "kind": "seminar", "language": "both", "site": "paris-saclay",
            "venue": str(world.room.id), "organisations": ["hec-paris"], "topics": ["ethics"],
            "series": "ai-seminar", "speakers": [str(world.speaker.id)], "capacity": "40",
            "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
            "registration_closes": "2027-03-26T12:00",
        }  # fmt: skip
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}

    return typed


def count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count(Event.id)))


def error_of(html: str, field: str) -> str:
    """The message shown next to `field` (by its id), or ''."""
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    return found.group(1) if found else ""


def test_an_organiser_creates_a_draft_with_everything_the_form_offers(
    client, login, submit, seminar, world, fresh
):
    login("organiser")
    response = submit(NEW, seminar())
    assert response.status_code == 302
    event_id = int(re.search(r"/events/(\d+)/edit", response.headers["Location"]).group(1))
    event = fresh(Event, event_id)
    assert event.status == "draft" and event.title_fr == "Séminaire d’éthique"
    assert event.start_at == datetime(2027, 3, 26, 13, 0, tzinfo=UTC)  # 14:00 in Paris, winter
    assert event.registration_closes_at == datetime(2027, 3, 26, 11, 0, tzinfo=UTC)
    assert [o.slug for o in event.organisations] == ["hec-paris"]
    assert [t.slug for t in event.topics] == ["ethics"] and event.series.slug == "ai-seminar"
    assert [p.name for p in event.speakers] == ["Ada Lovelace"] and event.capacity == 40
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The event is saved." in page
    assert 'value="2027-03-26T14:00"' in page  # prefilled in the site's wall time
    assert "Paris time" in page


def test_the_new_event_form_starts_with_the_organisers_organisation(client, login):
    login("organiser")
    html = client.get(NEW).get_data(as_text=True)
    assert re.search(r'checked[^>]*value="hec-paris"|value="hec-paris"[^>]*checked', html)
    assert '<option selected value="paris-saclay">' in html
    assert "Times are in the site's local time (Paris time / UK time)." in html
    assert 'type="datetime-local"' in html and 'type="date"' in html


def test_editing_prefills_local_wall_time_and_saves_changes(
    client, login, submit, hosted, fresh, seminar
):
    event = hosted(start=datetime(2027, 7, 1, 9, 30))
    url = f"/en/workspace/events/{event.id}/edit"
    login("organiser")
    html = client.get(url).get_data(as_text=True)
    assert 'value="2027-07-01T09:30"' in html and 'value="2027-07-01T11:30"' in html
    response = submit(url, seminar(title_en="Renamed", start="2027-07-01T10:00",
                                   end="2027-07-01T12:00"))  # fmt: skip
    assert response.status_code == 302
    event = fresh(Event, event.id)
    assert event.title_en == "Renamed"
    assert event.start_at == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)  # summer time
    assert event.sequence == 1


REFUSALS = [
    ({"title_fr": "", "title_en": ""}, "title_en", "Give a title in French or in English"),
    ({"end": "2027-03-26T13:00"}, "end", "The end must come after the start."),
    ({"capacity": "-5"}, "capacity", "The capacity cannot be negative."),
    ({"registration_closes": "2027-03-27T09:00"}, "registration_closes",
     "Registration cannot close after the event ends."),
    ({"site": "oxford"}, "venue", "This venue is not at the event&#39;s site."),
    ({"venue": "", "online_url": ""}, "venue", "Choose a venue, or give the online link"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "Give an address starting with"),
    ({"organisations": ["oxford-uni"]}, "organisations",
     "You may only act on events hosted by your organisations."),
    ({"organisations": None}, "organisations", "Choose at least one host organisation."),
    ({"start": "", "end": ""}, "start", "Give the start."),
    ({"start": "tomorrow"}, "start", "Not a valid datetime value."),
    ({"capacity": "lots"}, "capacity", "Not a valid integer value."),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "field", "message"), REFUSALS)
def test_refusals_save_nothing_keep_what_was_typed_and_say_why_next_to_the_field(
    client, login, submit, seminar, changes, field, message
):
    login("organiser")
    response = submit(NEW, seminar(**changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in error_of(html, field)
    assert 'value="Séminaire d’éthique"' in html or "title_fr" in changes
    assert "**Bold** claims." in html
    for name in ("capacity", "start"):
        typed = changes.get(name, seminar()[name])
        assert f'value="{typed}"' in html or not typed
    assert count() == 0


def test_refusals_are_in_french_on_french_pages(client, login, submit, seminar):
    login("organiser")
    response = submit("/fr/workspace/events/new", seminar(end="2027-03-26T13:00", capacity="-1"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "La fin doit suivre le début." in error_of(html, "end")
    assert "négative" in error_of(html, "capacity")
    assert count() == 0


def test_a_refused_edit_changes_nothing(client, login, submit, hosted, seminar, fresh):
    event = hosted()
    login("organiser")
    url = f"/en/workspace/events/{event.id}/edit"
    response = submit(url, seminar(title_en="Never saved", capacity="-1"))
    assert response.status_code == 400
    assert fresh(Event, event.id).title_en == "Hosted seminar"


def test_a_time_skipped_by_the_clocks_in_paris_is_refused(client, login, submit, seminar):
    login("organiser")
    response = submit(NEW, seminar(start="2027-03-28T02:30", end="2027-03-28T04:00",
                                   registration_closes=None))  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "does not exist on Sunday, March 28, 2027" in error_of(html, "start")
    assert 'value="2027-03-28T02:30"' in html
    assert count() == 0
    french = submit("/fr/workspace/events/new", seminar(start="2027-03-28T02:30",
                    end="2027-03-28T04:00", registration_closes=None))  # fmt: skip
    assert "n’existe pas" in error_of(french.get_data(as_text=True), "start")


def test_a_time_repeated_by_the_clocks_in_london_is_taken_first_and_said(
    client, login, submit, seminar, world, fresh
):
    login("admin")
    response = submit(NEW, seminar(site="oxford", venue=str(world.hall.id),
                                   organisations=["oxford-uni"], start="2027-10-31T01:30",
                                   end="2027-10-31T03:00", registration_closes=None))  # fmt: skip
    assert response.status_code == 302
    event = fresh(Event, int(response.headers["Location"].split("/")[-2]))
    assert event.start_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "01:30 occurs twice on Sunday, October 31, 2027" in html


def test_an_all_day_event_uses_the_day_fields(client, login, submit, seminar, fresh):
    login("organiser")
    response = submit(NEW, seminar(all_day="y", start="junk", end="", start_day="2027-03-27",
                                   end_day="2027-03-29", registration_closes=None))  # fmt: skip
    assert response.status_code == 302
    event = fresh(Event, int(response.headers["Location"].split("/")[-2]))
    assert event.all_day and event.last_day.isoformat() == "2027-03-29"
    assert event.start_at == datetime(2027, 3, 26, 23, 0, tzinfo=UTC)


def test_an_all_day_event_without_days_is_refused_on_the_day_fields(client, login, submit, seminar):
    login("organiser")
    response = submit(NEW, seminar(all_day="y", registration_closes=None))
    assert response.status_code == 400
    assert "Give the start." in error_of(response.get_data(as_text=True), "start_day")


def test_changing_site_keeps_the_wall_time_and_says_the_instant_moved(
    client, login, submit, hosted, seminar, world, fresh
):
    event = hosted()
    login("admin")
    url = f"/en/workspace/events/{event.id}/edit"
    response = submit(url, seminar(site="oxford", venue=str(world.hall.id),
                                   registration_closes=None))  # fmt: skip
    assert response.status_code == 302
    assert fresh(Event, event.id).start_at == datetime(2027, 3, 26, 14, 0, tzinfo=UTC)
    html = client.get(url).get_data(as_text=True)
    assert "The site&#39;s time zone differs" in html


def test_saving_records_who_changed_what(client, login, submit, hosted, seminar):
    event = hosted()
    login("organiser")
    submit(f"/en/workspace/events/{event.id}/edit", seminar(title_en="Renamed"))
    db.session.commit()
    change = db.session.scalars(select(EventChange).where(EventChange.event_id == event.id)).one()
    assert change.action == "updated" and change.user.email == "ana@example.org"
    assert change.changes["title_en"] == ["Hosted seminar", "Renamed"]
