"""The search benchmark's two figures stay what their labels say: a cold page reads its cards
again; the figure with cards kept reads its ids but no card."""

from __future__ import annotations

from flask import current_app
from support import statements

from bench.pages import forget_kept_pages, forget_kept_pages_but_cards


def reads_cards(seen: list[str]) -> bool:
    return any("JOIN sites" in s for s in seen)


def test_forgetting_pages_forgets_cards_unless_told_to_keep_them(client, make_event):
    make_event(title_en="Robots collaborating")
    url = "/en/events/?q=robots"
    assert reads_cards(statements(client, url))
    assert not statements(client, url)[1:]  # the page is kept: the version's read only
    forget_kept_pages_but_cards(current_app)
    kept = statements(client, url)
    assert not reads_cards(kept) and any("count(*)" in s for s in kept)  # searched again
    forget_kept_pages(current_app)
    assert reads_cards(statements(client, url))
