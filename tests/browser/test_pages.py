"""The public pages as a reader's browser shows them: phone width, keyboard, local time, CSP."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from eventapp.security import CONTENT_SECURITY_POLICY

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
# Mid-June: Paris is on CEST (UTC+2) and New York on EDT (UTC-4), far from any clock change.
JUNE_AFTERNOON = datetime(2027, 6, 16, 14, 0)


@pytest.fixture
def symposium(make_event):
    """A full event page: long bilingual titles, a timetable, speakers, a video-call link."""
    return make_event(
        kind="symposium",
        start=JUNE_AFTERNOON,
        hours=3,
        title_en="Trustworthy machine learning for scientific discovery: methods and open problems",
        title_fr="Apprentissage automatique digne de confiance pour la découverte scientifique",
        summary_en="An afternoon of talks on reliable models in the sciences.",
        summary_fr="Un après-midi d'exposés sur des modèles fiables au service des sciences.",
        description_en="## Programme\n\nTalks, then a *panel*. See [the initiative](https://example.org/).",
        description_fr="## Programme\n\nDes exposés, puis une *table ronde*.",
        online_url="https://univ-paris-saclay.zoom.us/j/93012345678?pwd=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        organisations=3,
        topics=3,
        speakers=4,
        sessions=6,
    )


def overflowing(page) -> list[str]:
    """Elements sticking out past the right edge of the window, to name in a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                       + ' ' + JSON.stringify((el.textContent || '').trim().slice(0, 40)))"""
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_sideways_scrolling_on_a_phone(new_page, make_event, symposium, lang):
    make_event(site="oxford", title_en="A seminar in Oxford", organisations=2, topics=1)
    page = new_page(viewport=PHONE)
    for path in (f"/{lang}/events/", f"/{lang}/events/{symposium.id}"):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways on a phone: {overflowing(page)}"
    expect(page.locator(".timetable tbody tr")).to_have_count(6)


def test_first_tab_reaches_the_skip_link_and_enter_jumps_to_the_content(page, make_event):
    make_event()
    page.set_viewport_size(PHONE)
    page.goto("/en/events/")
    skip = page.get_by_role("link", name="Skip to content")
    hidden = skip.bounding_box()
    assert hidden["y"] + hidden["height"] <= 0, "the skip link shows before it is focused"

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= PHONE["width"] and box["y"] + box["height"] <= PHONE["height"]

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search")).to_be_focused()


def test_every_keyboard_stop_shows_a_focus_outline(page, make_event):
    make_event(organisations=1, topics=1)
    page.goto("/en/events/")
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        # Each element as Tab first reaches it (a date field then takes a Tab per part).
        stop = page.evaluate(
            """() => {
                const el = document.activeElement, seen = (window.tabStops ||= []);
                if (el === document.body || el === seen[0]) return {done: true};
                if (seen.includes(el)) return {again: true};
                seen.push(el);
                const style = getComputedStyle(el);
                return {tag: el.tagName, name: el.getAttribute('name') || el.textContent.trim(),
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""
        )
        if stop.get("done"):
            break
        if not stop.get("again"):
            stops.append(stop)
    assert {"A", "INPUT", "SELECT", "BUTTON"} <= {s["tag"] for s in stops}, stops
    unmarked = [s for s in stops if s["outline"] == "none" or s["width"] < 2]
    assert not unmarked, f"focused without a visible outline: {unmarked}"


@pytest.mark.parametrize(("lang", "label"), [("en", "Your time:"), ("fr", "Chez vous :")])
def test_readers_elsewhere_also_see_their_own_time(new_page, symposium, lang, label):
    page = new_page(timezone_id="America/New_York")
    for path in (f"/{lang}/events/", f"/{lang}/events/{symposium.id}"):
        page.goto(path)
        when = page.locator(".event-when").first
        expect(when.locator("time")).to_contain_text("14:00")
        expect(when.locator(".local-time")).to_have_count(1)
        expect(when.locator(".local-time")).to_contain_text(label)
        expect(when.locator(".local-time")).to_contain_text(re.compile(r"(?<!\d)0?8:00"))


@pytest.mark.parametrize(
    ("locale", "shown", "not_shown"),
    [("en-GB", re.compile(r"(?<!\d)08:00"), re.compile(r"\b[AP]M\b")),
     ("en-US", re.compile(r"\b0?8:00\sAM\b"), re.compile(r"(?<!\d)20:00"))],
)  # fmt: skip
def test_your_time_speaks_the_readers_own_english(new_page, symposium, locale, shown, not_shown):
    """An English page read in Britain gives the reader's time the British way, not US-style."""
    page = new_page(timezone_id="America/New_York", locale=locale, viewport=PHONE)
    page.goto(f"/en/events/{symposium.id}")
    local = page.locator(".event-when .local-time")
    expect(local).to_contain_text(shown)
    assert not not_shown.search(local.inner_text()), local.inner_text()


def test_readers_in_the_events_zone_see_no_second_time(new_page, symposium):
    page = new_page(timezone_id="Europe/Paris")
    for path in ("/en/events/", f"/fr/events/{symposium.id}"):
        page.goto(path)
        expect(page.locator(".event-when time").first).to_contain_text("14:00")
        expect(page.locator(".local-time")).to_have_count(0)


def test_times_are_there_without_javascript(new_page, symposium):
    page = new_page(timezone_id="America/New_York", java_script_enabled=False)
    for path in ("/en/events/", f"/en/events/{symposium.id}"):
        page.goto(path)
        expect(page.locator(".event-when time").first).to_contain_text("Wed 16 Jun 2027, 14:00")
        expect(page.locator(".local-time")).to_have_count(0)


def test_pages_hold_under_the_apps_content_security_policy(new_page, symposium):
    page = new_page(timezone_id="America/New_York")
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => (window.cspViolations ||= [])"
        ".push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' line ' + e.lineNumber))"
    )
    console = []
    page.on("console", lambda message: console.append(message.text))
    paths = (
        "/en/events/", f"/fr/events/{symposium.id}", "/en/sites/paris-saclay",
        f"/en/topics/{symposium.topics[0].slug}",
        f"/fr/organisations/{symposium.organisations[0].slug}",
        f"/en/speakers/{symposium.speakers[0].id}",
    )  # fmt: skip
    for path in paths:
        response = page.goto(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        # The stylesheet and the script both still apply.
        expect(page.locator(".skip-link")).to_have_css("position", "absolute")
        expect(page.locator(".local-time").first).to_be_visible()
        violations = page.evaluate("window.cspViolations || []")
        assert violations == [], f"{path}: {violations}"
    assert not [text for text in console if "Content Security Policy" in text]


def test_language_switch_keeps_the_reader_on_the_same_event(page, live_server, symposium):
    page.goto(f"/en/events/{symposium.id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(rf"^{live_server}/fr/events/{symposium.id}(-[^/]*)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text(symposium.title_fr)


def test_site_filter_narrows_the_list_and_clear_filters_undoes_it(page, live_server, make_event):
    titles = {
        "paris-saclay": "Graph learning at Saclay",
        "oxford": "Causal inference in Oxford",
        "cambridge": "Bayesian methods in Cambridge",
    }
    for site, title in titles.items():
        make_event(site=site, title_en=title)
    page.goto("/en/events/")
    cards = page.locator(".event-title")
    expect(cards).to_have_count(3)
    expect(page.get_by_role("link", name="Clear filters")).to_have_count(0)

    page.get_by_role("checkbox", name="Oxford").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]site=oxford(&|$)"))
    expect(cards).to_have_text([titles["oxford"]])
    expect(page.locator(".result-count")).to_have_text("1 event")
    expect(page.get_by_role("checkbox", name="Oxford")).to_be_checked()

    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(rf"^{live_server}/en/events/\??$"))
    expect(cards).to_have_count(3)
    expect(page.get_by_role("checkbox", name="Oxford")).not_to_be_checked()
