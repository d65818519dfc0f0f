"""The rough edges of wording a first walk hit on the pages (issue 14, item 15)."""

from __future__ import annotations

from datetime import datetime
from html import unescape

NNBSP = "\u202f"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def test_french_pages_put_a_space_before_colons(client, make_event):
    event = make_event(venue=False, online_url="https://example.zoom.us/j/1")
    html = page(client, f"/fr/events/{event.id}")
    assert f"En ligne{NNBSP}:" in html
    assert "En ligne:" not in html
    css = client.get("/static/css/site.css").get_data(as_text=True)
    assert ':lang(fr) .event-facts dt::after { content: "\\202F:"; }' in css
    assert "Online:" in page(client, f"/en/events/{event.id}")


def test_a_title_ending_in_a_question_mark_is_not_followed_by_a_full_stop(
    client, post_form, make_event
):
    event = make_event(
        title_fr="Qui contrôle les contrôleurs ?", title_en="Who audits the auditors?", capacity=9
    )
    for lang, expected in (
        ("fr", "« Qui contrôle les contrôleurs ? »."),
        ("en", "“Who audits the auditors?”."),
    ):
        answer = post_form(
            f"/{lang}/events/{event.id}/guest",
            {"name": "Guest", "email": f"guest-{lang}@example.org", "consent": "y"},
            page=f"/{lang}/events/{event.id}",
        )
        html = page(client, answer.headers["Location"])
        assert expected in html
        assert "? ." not in html and "?." not in html


def test_a_single_events_subscribe_box_speaks_of_this_event(client, make_event):
    event = make_event(start=datetime(2027, 6, 15, 16, 0))
    html = page(client, f"/en/events/{event.id}")
    assert "Add this event and its sessions to your calendar" in html
    assert "Add these events" not in html
    assert "Add these events to your calendar" in page(client, "/en/events/")


def test_a_page_past_the_last_does_not_claim_to_be_page_99_of_1(client, make_event):
    make_event()
    html = page(client, "/en/events/?page=99")
    assert "Page 99" not in html
    assert "There are no events on this page." in html
    assert 'href="?">Go to the last page' in html
    fr = page(client, "/fr/events/?page=99&type=seminar")
    assert "Page 99" not in fr and "Aller à la dernière page" in fr


def test_the_site_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert response.data[22:26] == b"\x89PNG"  # holding one PNG image
    html = page(client, "/en/events/")
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert client.get("/static/img/favicon.svg").status_code == 200


def test_french_buttons_and_help_name_google_agenda_alike(client, make_event):
    event = make_event()
    html = page(client, f"/fr/events/{event.id}")
    assert "Ajouter à Google Agenda" in html and "<dt>Google Agenda</dt>" in html
    assert "Google Calendar" not in html


def test_rooms_are_marked_with_their_sites_language(client, make_event):
    """Rooms are typed once, in the site's language: the other language's page marks them."""
    paris = make_event(site="paris-saclay", sessions=1)
    oxford = make_event(site="oxford", sessions=1)
    assert '<td><span lang="fr">R0</span></td>' in page(client, f"/en/events/{paris.id}")
    assert "<td>R0</td>" in page(client, f"/fr/events/{paris.id}")
    assert '<td><span lang="en">R0</span></td>' in page(client, f"/fr/events/{oxford.id}")
    assert "<td>R0</td>" in page(client, f"/en/events/{oxford.id}")
