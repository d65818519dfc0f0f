"""Who reaches which workspace page: organisers of the hosts and admins; others 403 or log in."""

from __future__ import annotations

import re

import pytest

from eventapp.events.models import Event
from eventapp.extensions import db

PAGES = [
    "/en/workspace/",
    "/en/workspace/events/new",
    "/en/workspace/events/{id}/edit",
    "/en/workspace/events/{id}/timetable",
    "/en/workspace/events/{id}/timetable/{session}",
    "/en/workspace/events/{id}/history",
    "/en/workspace/events/{id}/move",
    "/en/workspace/events/{id}/duplicate",
    "/en/workspace/events/{id}/cancel",
    "/en/workspace/events/{id}/delete",
]
POSTS = [
    "/en/workspace/events/{id}/publish",
    "/en/workspace/events/{id}/unpublish",
    "/en/workspace/events/{id}/move",
    "/en/workspace/events/{id}/duplicate",
    "/en/workspace/events/{id}/cancel",
    "/en/workspace/events/{id}/delete",
    "/en/workspace/events/{id}/edit",
    "/en/workspace/events/{id}/timetable",
    "/en/workspace/events/{id}/timetable/{session}",
    "/en/workspace/events/{id}/timetable/{session}/delete",
]
EVENT_PAGE = "{id}"


@pytest.fixture
def event(hosted, world):
    from eventapp.events.models import EventSession

    made = hosted()
    made.sessions.append(
        EventSession(title_en="Talk", start_at=made.start_at, end_at=made.end_at, room="A")
    )
    db.session.commit()
    return made


def _url(template: str, event: Event) -> str:
    return template.format(id=event.id, session=event.sessions[0].id)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "status"), [("organiser", 200), ("admin", 200)])
def test_hosts_and_admins_open_every_page(client, login, event, page, who, status):
    login(who)
    assert client.get(_url(page, event)).status_code == status


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["attendee", "lapsed"])
def test_people_without_an_organisation_get_403(client, login, event, page, who):
    login(who)
    assert client.get(_url(page, event)).status_code == 403


@pytest.mark.parametrize("page", [p for p in PAGES if EVENT_PAGE in p])
def test_the_organiser_of_another_organisation_gets_403_on_the_event(client, login, event, page):
    login("other")
    assert client.get(_url(page, event)).status_code == 403


@pytest.mark.parametrize("page", [p for p in POSTS])
def test_posts_by_another_organisation_are_refused_and_change_nothing(
    client, login, event, page, fresh, csrf
):
    login("other")
    assert client.post(_url(page, event), data={}).status_code in (400, 403)
    login("other")
    response = client.post(_url(page, event), data={"csrf_token": csrf()})
    assert response.status_code == 403
    after = fresh(Event, event.id)
    assert after.status == "published" and after.sequence == 0 and len(after.sessions) == 1


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, event, page):
    response = client.get(_url(page, event))
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "page",
    ["/en/workspace/events/999999/edit", "/en/workspace/events/999999/history",
     "/en/workspace/events/{id}/timetable/999999"],
)  # fmt: skip
def test_unknown_events_and_sessions_are_404(client, login, event, page):
    login("admin")
    assert client.get(page.format(id=event.id)).status_code == 404


def test_a_session_of_another_event_is_404(client, login, event, hosted):
    other = hosted()
    login("admin")
    url = f"/en/workspace/events/{other.id}/timetable/{event.sessions[0].id}"
    assert client.get(url).status_code == 404


def test_links_to_the_workspace_and_to_edit_show_only_to_those_who_may_edit(client, login, event):
    public = f"/en/events/{event.id}"
    edit = f"/en/workspace/events/{event.id}/edit"
    for who, sees in [(None, False), ("attendee", False), ("other", False), ("organiser", True),
                      ("admin", True)]:  # fmt: skip
        login(who)
        html = client.get(public).get_data(as_text=True)
        assert (edit in html) is sees, who
        assert ('href="/en/workspace/"' in html) is (who in ("organiser", "admin", "other")), who


# Another organisation's draft does not exist for its visitor: every page and form of it answers
# the same 404 as an id never used (a 403 told that the draft was there).
DRAFT_PAGES = [p for p in PAGES if EVENT_PAGE in p] + [
    "/en/workspace/events/{id}/registrations",
    "/en/workspace/events/{id}/registrations.csv",
    "/en/workspace/events/{id}/check-in",
    "/en/workspace/events/{id}/messages",
]
DRAFT_POSTS = [*POSTS, "/en/workspace/events/{id}/messages", "/en/workspace/events/{id}/check-in/1"]


@pytest.fixture
def draft(event, fresh):
    event.status = "draft"
    db.session.commit()
    return fresh(Event, event.id)


def _missing(url: str, event: Event) -> str:
    return url.replace(f"/events/{event.id}/", "/events/999999/")


_CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def _same_page(response, missing, event: Event) -> bool:
    """The two 404 pages alike, but for the id in their own links (the language switch) and the
    CSRF token of the log-out form (signed with the second it was made in)."""

    def text(answer) -> str:
        return _CSRF.sub('name="csrf_token"', answer.get_data(as_text=True))

    return _missing(text(response), event) == text(missing)


@pytest.mark.parametrize("page", DRAFT_PAGES)
def test_another_organisation_s_draft_is_404_like_a_missing_id(client, login, draft, page):
    login("other")
    url = _url(page, draft)
    response, missing = client.get(url), client.get(_missing(url, draft))
    assert response.status_code == missing.status_code == 404
    assert _same_page(response, missing, draft)
    login("organiser")
    assert client.get(url).status_code == 200  # the draft is there for its hosts


@pytest.mark.parametrize("page", DRAFT_POSTS)
def test_posts_on_another_organisation_s_draft_are_404_and_change_nothing(
    client, login, draft, page, fresh, csrf
):
    sequence = draft.sequence
    login("other")
    token = csrf()
    url = _url(page, draft)
    response = client.post(url, data={"csrf_token": token})
    missing = client.post(_missing(url, draft), data={"csrf_token": token})
    assert response.status_code == missing.status_code == 404
    assert _same_page(response, missing, draft)
    after = fresh(Event, draft.id)
    assert after.status == "draft" and after.sequence == sequence and len(after.sessions) == 1
