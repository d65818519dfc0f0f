"""Every page script, form and fetch works under the app's own Content-Security-Policy, and the
browser reports no violation (a blocked script, style, fetch or form shows in the console)."""

from __future__ import annotations

import pytest

from eventapp.security import CONTENT_SECURITY_POLICY

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) with the reason
    expect = None

pytestmark = pytest.mark.browser

PASSWORD = "a-long-enough-password"
RECORD_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => (window.cspViolations ||= [])"
    ".push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')))"
)


@pytest.fixture
def watched(new_page):
    """A page that records policy violations and console messages; `check()` asserts none."""
    page = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    def check() -> None:
        assert page.evaluate("window.cspViolations || []") == []
        assert not [text for text in console if "Content Security Policy" in text], console

    page.check = check
    return page


def test_the_copy_button_copies_the_calendar_address(watched, make_event):
    make_event()
    response = watched.goto("/en/events/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    watched.get_by_role("button", name="Copy").click()
    expect(watched.locator(".copy-status")).to_have_text("Address copied")
    watched.check()


def test_log_in_and_the_event_form_script(watched, make_user, sites):
    make_user("ada@example.org", role="admin")
    watched.goto("/en/account/login")
    watched.get_by_label("E-mail address").fill("ada@example.org")
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Log in").click()  # form-action, then its redirect
    expect(watched.locator(".account-nav")).to_contain_text("ada@example.org")
    response = watched.goto("/en/workspace/events/new")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    timed = watched.locator(".ws-times[data-times=timed]")
    days = watched.locator(".ws-times[data-times=days]")
    expect(timed).to_be_visible()
    expect(days).to_be_hidden()  # the script hides the pair that does not apply
    watched.locator("#all_day").check()
    expect(timed).to_be_hidden()
    expect(days).to_be_visible()
    watched.check()
