"""The registrants' list on a phone: one card per person, nothing wider than the screen."""

from __future__ import annotations

import pytest

from eventapp.extensions import clock, db
from eventapp.registrations import services
from eventapp.settings import current_settings

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
PASSWORD = "a-long-enough-password"  # tests/conftest.py's make_user


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_list_becomes_cards_on_a_phone(new_page, make_event, make_user, lang):
    event = make_event(capacity=1, sessions=2)
    people = [
        ("Maximilienne-Éléonore de La Tour-Dupin", "maximilienne.delatourdupin@example.org"),
        ("Bo", "bo@example.org"),
    ]  # fmt: skip
    for name, email in people:
        services.register(
            event, services.Attendee(email, name, affiliation="Laboratoire de recherche"),
            now=clock.now(), settings=current_settings(),
            session_ids=[event.sessions[0].id],
        )  # fmt: skip
    db.session.commit()
    make_user("root@example.org", role="admin")
    page = new_page(viewport=PHONE)
    page.goto(f"/{lang}/account/login")
    page.locator("input[name=email]").fill("root@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.goto(f"/{lang}/workspace/events/{event.id}/registrations")
    rows = page.locator(".rg-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".rg-table thead")).to_have_css("position", "absolute")
    expect(rows.first).to_have_css("display", "block")
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.rg-table td'), '::before').content"
    )
    assert label.strip('"') in ("Name", "Nom")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # cards one under the other
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the list scrolls sideways on a phone"
