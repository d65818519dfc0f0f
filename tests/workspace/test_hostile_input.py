"""Hostile text typed into the workspace is stored as typed and shown as text, never run."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db

SCRIPT = "<script>alert('t')</script>"
HANDLER = '<img src=x onerror="alert(1)">'
LINK = "[click](javascript:alert(1))"
CRLF = "Line one\r\nX-Injected: yes"


@pytest.fixture
def hostile(client, login, submit, world):
    """An event created through the form with hostile text in every bilingual field."""
    login("organiser")
    response = submit("/en/workspace/events/new", {
        "title_en": f"Talk {SCRIPT}", "title_fr": f"Exposé {HANDLER}",
        "summary_en": CRLF, "summary_fr": HANDLER,
        "description_en": f"{LINK}\n\n{SCRIPT}\n\n{HANDLER}", "description_fr": CRLF,
        "kind": "seminar", "language": "both", "site": "paris-saclay",
        "venue": str(world.room.id), "organisations": ["hec-paris"],
        "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
    })  # fmt: skip
    assert response.status_code == 302
    db.session.commit()
    return db.session.scalars(select(Event)).one()


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside <script> elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_inert(html: str) -> None:
    """No script of ours, no element the text made, no handler, no javascript: link."""
    page = Elements(html)
    assert not any("alert" in script for script in page.scripts)
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    hrefs = [attrs.get("href") or "" for _, attrs in page.tags]
    assert not any(href.strip().lower().startswith("javascript:") for href in hrefs)


def test_hostile_text_is_stored_as_typed(hostile):
    assert hostile.title_en == f"Talk {SCRIPT}"
    assert hostile.description_en == f"{LINK}\n\n{SCRIPT}\n\n{HANDLER}"
    assert "\r\nX-Injected" in hostile.summary_en


@pytest.mark.parametrize(
    "page", ["/{lang}/workspace/", "/{lang}/workspace/events/{id}/edit",
             "/{lang}/workspace/events/{id}/history", "/{lang}/workspace/events/{id}/timetable",
             "/{lang}/workspace/events/{id}/move"],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_workspace_pages_show_it_as_text(client, hostile, page, lang):
    response = client.get(page.format(lang=lang, id=hostile.id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "X-Injected" not in response.headers
    assert_inert(html)
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_the_edit_form_gives_back_exactly_what_was_typed(client, hostile):
    html = client.get(f"/en/workspace/events/{hostile.id}/edit").get_data(as_text=True)
    assert "Talk &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in html
    assert "[click](javascript:alert(1))" in html  # inside the textarea, as text


def test_the_public_page_shows_it_as_text(client, login, submit, hostile):
    submit(f"/en/workspace/events/{hostile.id}/publish", {},
           page=f"/en/workspace/events/{hostile.id}/edit")  # fmt: skip
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/events/{hostile.id}").get_data(as_text=True)
        assert_inert(html)
    html = client.get(f"/en/events/{hostile.id}").get_data(as_text=True)
    assert "<h1>Talk &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>" in html
    assert "[click](javascript:alert(1))" in html  # the link is refused: it stays text
