"""The check-in page at the door, on a phone: find a person as you type, one tap, undo."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from eventapp.extensions import clock, db
from eventapp.registrations.models import Registration

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "a-long-enough-password"


def test_a_phone_at_the_door_finds_marks_and_undoes(new_page, make_user, make_event):
    # Under the app's own Content-Security-Policy: its fetches and form posts stay allowed.
    make_user("ana@example.org", role="admin", name="Ana")
    event = make_event(title_en="Door symposium", start=datetime(2027, 3, 26, 14, 0))
    for name, email, status in [
        ("Zoé Ångström", "zoe@example.org", "confirmed"),
        ("Chloë Martin", "chloe@example.org", "confirmed"),
        ("Walter Wait", "walter@example.org", "waiting"),
    ]:
        db.session.add(Registration(event_id=event.id, name=name, email=email, status=status,
                                    created_at=clock.now(), updated_at=clock.now()))  # fmt: skip
    db.session.commit()

    page = new_page(viewport=PHONE)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => (window.cspViolations ||= [])"
        ".push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')))"
    )
    page.goto("/en/account/login")
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/en/workspace/events/{event.id}/check-in")
    arrived, rows = page.locator("#ci-arrived"), page.locator(".ci-row")
    expect(arrived).to_have_text("0")
    expect(page.locator("#ci-expected")).to_have_text("2")
    expect(rows).to_have_count(2)

    page.evaluate("window.stayedOnThePage = true")  # gone if any step reloads the page
    page.get_by_label("Find a person").press_sequentially("zoe ang")  # no accent typed
    expect(rows).to_have_count(1)
    zoe = rows.filter(has_text="Zoé Ångström")
    zoe.get_by_role("button", name="Arrived").click()
    expect(zoe.locator(".ci-marked")).to_have_text(re.compile(r"^Marked at \d\d:\d\d by Ana$"))
    expect(arrived).to_have_text("1")
    expect(page.locator(".flashes")).to_contain_text("Zoé Ångström is marked arrived.")

    zoe.get_by_role("button", name="Undo").click()
    expect(zoe.get_by_role("button", name="Arrived")).to_be_visible()
    expect(zoe.locator(".ci-marked")).to_have_count(0)
    expect(arrived).to_have_text("0")

    page.get_by_label("Find a person").fill("walter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Walter Wait is on the waiting list")
    expect(rows.first.get_by_role("button")).to_have_count(0)
    assert page.evaluate("window.stayedOnThePage") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("window.cspViolations || []") == []
