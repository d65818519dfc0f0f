"""The check-in page: who may open it, finding people, marking them and undoing, on the server."""

from __future__ import annotations

import re

import pytest
from door_world import ROLES, add_registration

from eventapp.extensions import db
from eventapp.registrants.door import PER_PAGE
from eventapp.registrations.models import Registration

OPENS = {"anonymous": 302, "attendee": 403, "other": 403, "organiser": 200, "admin": 200}


def rows(html: str) -> dict[str, str]:
    """Each person's row on the page: their name, and the row's text (tags taken out)."""
    found = {}
    for row in re.findall(r'<li class="ci-row.*?</li>', html, re.S):
        name = re.search(r'class="ci-name"[^>]*>([^<]+)<', row).group(1)
        found[name] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return found


def count(html: str, which: str) -> int:
    return int(re.search(rf'id="ci-{which}">(\d+)<', html).group(1))


def token(client, door) -> str:
    """A CSRF token of the client's session, from the log-in form or any signed-in page."""
    response = client.get(door.url())
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    html = response.get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("who", ROLES)
def test_hosts_and_admins_open_the_page_others_are_turned_away(client, login, door, who):
    login(None if who == "anonymous" else who)
    response = client.get(door.url())
    assert response.status_code == OPENS[who]
    if who == "anonymous":
        assert "/login" in response.headers["Location"]
    else:
        assert ("Zoé Ångström" in response.get_data(as_text=True)) == (OPENS[who] == 200)


@pytest.mark.parametrize("who", ROLES)
def test_only_hosts_and_admins_can_mark(client, login, door, fresh, who):
    login(None if who == "anonymous" else who)
    csrf = token(client, door)
    response = client.post(door.mark_url("zoe"), data={"attended": "1", "csrf_token": csrf})
    allowed = OPENS[who] == 200
    assert response.status_code == (303 if allowed else OPENS[who])
    assert (fresh(Registration, door.people["zoe"].id).attended_at is not None) == allowed


def test_an_unknown_event_or_another_events_registration_is_not_found(
    client, login, door, hosted, submit
):
    login("organiser")
    assert client.get("/en/workspace/events/999999/check-in").status_code == 404
    other = hosted(title_en="Another seminar")
    stranger = add_registration(other, "Sam Else", "sam@example.org", "confirmed")
    db.session.commit()
    response = submit(door.url() + f"/{stranger.id}", {"attended": "1"}, page=door.url())
    assert response.status_code == 404
    assert db.session.get(Registration, stranger.id).attended_at is None


def test_the_page_counts_and_lists_the_confirmed_people(client, login, door):
    login("organiser")
    html = client.get(door.url()).get_data(as_text=True)
    assert (count(html, "expected"), count(html, "arrived")) == (2, 0)
    assert sorted(rows(html)) == ["Chloë Martin", "Zoé Ångström"]
    assert f'href="/en/workspace/events/{door.event.id}/registrations"' in html


@pytest.mark.parametrize("q", ["zoe angstrom", "ZOÉ", "angstr", "zoe@example"])
def test_search_is_blind_to_accents_and_case(client, login, door, q):
    login("organiser")
    html = client.get(door.url(), query_string={"q": q}).get_data(as_text=True)
    assert list(rows(html)) == ["Zoé Ångström"]
    assert "1 person found" in html


def test_a_search_shows_why_someone_cannot_be_checked_in(client, login, door):
    login("organiser")
    html = client.get(door.url(), query_string={"q": "example.org"}).get_data(as_text=True)
    found = rows(html)
    assert list(found)[:2] == ["Chloë Martin", "Zoé Ångström"]  # those who can come in first
    assert "Walter Wait is on the waiting list" in found["Walter Wait"]
    assert "Pat Pending has not confirmed their registration yet" in found["Pat Pending"]
    assert "Cary Gone cancelled their registration" in found["Cary Gone"]
    for name in ("Walter Wait", "Pat Pending", "Cary Gone"):
        assert "Arrived" not in found[name]
    assert "Arrived" in found["Zoé Ångström"]


def test_one_tap_marks_then_undo_reverts(client, login, door, submit):
    login("organiser")
    response = submit(door.mark_url("zoe"), {"attended": "1", "q": "zoé"}, page=door.url())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/check-in?q=zo%C3%A9")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zoé Ångström is marked arrived." in html
    assert "Marked at 10:00 by Ana" in rows(html)["Zoé Ångström"]  # 09:00 UTC, Paris time
    assert "Undo" in rows(html)["Zoé Ångström"]
    assert count(html, "arrived") == 1
    response = submit(door.mark_url("zoe"), {"attended": "0"}, page=door.url())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zoé Ångström is no longer marked arrived." in html
    assert "Marked" not in rows(html)["Zoé Ångström"]
    assert count(html, "arrived") == 0


def test_a_second_organiser_sees_who_marked_first(client, login, door, submit):
    login("organiser")
    submit(door.mark_url("zoe"), {"attended": "1"}, page=door.url())
    login("admin")
    response = submit(door.mark_url("zoe"), {"attended": "1"}, page=door.url())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already marked arrived: Marked at 10:00 by Ana" in html


def test_the_page_in_french(client, login, door, submit):
    login("organiser")
    response = submit(door.mark_url("chloe", "fr"), {"attended": "1"}, page=door.url("fr"))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Arrivée de Chloë Martin notée." in html
    assert "Arrivée notée à 10:00 par Ana" in rows(html)["Chloë Martin"]
    assert "Déjà arrivés" in html


def test_marking_someone_waiting_says_why(client, login, door, submit, fresh):
    login("organiser")
    response = submit(door.mark_url("walter"), {"attended": "1"}, page=door.url())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Walter Wait is on the waiting list: only confirmed registrations" in html
    assert fresh(Registration, door.people["walter"].id).attended_at is None


@pytest.mark.parametrize("data", [{}, {"attended": "yes"}])
def test_a_bad_button_is_refused(client, login, door, submit, data):
    login("organiser")
    assert submit(door.mark_url("zoe"), data, page=door.url()).status_code == 400


def test_without_the_csrf_token_nothing_is_marked(client, login, door, fresh):
    login("organiser")
    assert client.post(door.mark_url("zoe"), data={"attended": "1"}).status_code == 400
    assert fresh(Registration, door.people["zoe"].id).attended_at is None


def test_a_big_symposium_comes_in_pages(client, login, door):
    for n in range(PER_PAGE + 5):
        add_registration(door.event, f"Guest {n:03d}", f"guest{n}@example.org", "confirmed")
    db.session.commit()
    login("organiser")
    html = client.get(door.url()).get_data(as_text=True)
    assert len(rows(html)) == PER_PAGE
    assert "Page 1 of 2" in html and 'rel="next"' in html
    html = client.get(door.url(), query_string={"page": 2}).get_data(as_text=True)
    assert len(rows(html)) == 7  # 45 guests and the two others
    assert count(html, "expected") == PER_PAGE + 7


def test_the_event_pages_link_to_the_check_in(client, login, door):
    login("organiser")
    html = client.get(f"/en/workspace/events/{door.event.id}/edit").get_data(as_text=True)
    assert f'href="{door.url()}">Check-in</a>' in html
