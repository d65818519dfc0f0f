"""What a phone shows (390 px): folded filters, a consent box by its sentence, tables as cards
with whole words, also at desktop width (issue 14, items 7, 12, 13, 17)."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, in CI, fails) with the reason
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "a-long-enough-password"  # tests/conftest.py's make_user

# Words cut across two lines inside the given elements ("Brouill|on"): each word of each text
# node is measured with a Range; a word drawn on two line boxes has two client rectangles.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\u2013]+/g;  // a range "14:00–16:00" may break after its dash
      let m;
      while ((m = re.exec(node.data))) {
        if (m[0].length < 2 || m[0].includes('@') || m[0].includes('/')) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def scrolls_sideways(page) -> bool:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return width[0] > width[1]


def log_in(page, lang: str, email: str) -> None:
    page.goto(f"/{lang}/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_filters_fold_behind_one_button_on_a_phone(new_page, make_event, lang):
    for _ in range(3):
        make_event(organisations=1, topics=1)
    page = new_page(viewport=PHONE)
    page.goto(f"/{lang}/events/")
    toggle = page.locator(".filters-more > summary")
    expect(toggle).to_have_text("Filters (0)" if lang == "en" else "Filtres (0)")
    expect(page.locator(".filters-fields button[type=submit]")).to_be_hidden()
    expect(page.locator("#f-q")).to_be_visible()
    first = page.locator(".event-card").first.bounding_box()
    assert first["y"] + 100 < PHONE["height"], "the first event is not on the first screen"
    toggle.click()
    expect(page.locator(".filters-fields button[type=submit]")).to_be_visible()
    page.goto(f"/{lang}/events/?site=oxford&site=cambridge&type=seminar&q=robots")
    expect(toggle).to_contain_text("(3)")  # two sites and a type; the search box is in view
    assert not scrolls_sideways(page)


def test_filters_fold_without_javascript_and_stand_open_on_a_desktop(new_page, make_event):
    make_event()
    phone = new_page(viewport=PHONE, java_script_enabled=False)
    phone.goto("/en/events/")
    expect(phone.locator("#f-topic")).to_be_hidden()
    phone.locator(".filters-more > summary").click()
    expect(phone.locator("#f-topic")).to_be_visible()
    desktop = new_page(viewport=DESKTOP, java_script_enabled=False)
    desktop.goto("/en/events/")
    expect(desktop.locator(".filters-more > summary")).to_be_hidden()
    expect(desktop.locator("#f-topic")).to_be_visible()
    expect(desktop.locator(".filters-fields button[type=submit]")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_consent_box_sits_by_its_sentence(new_page, make_event, lang):
    event = make_event(capacity=10)
    page = new_page(viewport=PHONE)
    page.goto(f"/{lang}/events/{event.id}")
    box = page.locator("input[name=consent]").bounding_box()
    label = page.locator("label.choice:has(input[name=consent])")
    text_left = label.evaluate(
        """el => { const r = document.createRange(); const t = [...el.childNodes]
              .find(n => n.nodeType === 3 && n.data.trim()); r.selectNodeContents(t);
              return r.getBoundingClientRect().left; }"""
    )
    gap = text_left - (box["x"] + box["width"])
    assert 0 <= gap < 16, f"the consent box is {gap:.0f} px from its sentence"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_workspace_and_admin_tables_fit_a_phone_with_whole_words(
    new_page, make_event, make_user, lang
):
    for status in ("draft", "published", "draft"):
        make_event(
            status=status, organisations=2, sessions=2, topics=1,
            title_en="Trustworthy machine learning for scientific discovery",
            title_fr="Apprentissage automatique digne de confiance pour la découverte",
        )  # fmt: skip
    make_user("a.very.long.address.for.a.person@universite-paris-saclay.fr", name="Maximilienne")
    make_user("root@example.org", role="admin")
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        log_in(page, lang, "root@example.org")
        for path in (f"/{lang}/workspace/", f"/{lang}/admin/users", f"/{lang}/admin/topics"):
            page.goto(path)
            expect(page.locator(".stack-table tbody tr").first).to_be_visible()
            assert not scrolls_sideways(page), f"{path} scrolls sideways at {viewport['width']}"
            broken = page.evaluate(BROKEN_WORDS, ".stack-table td")
            assert not broken, f"{path} at {viewport['width']} px cuts words: {broken}"
        page.goto(f"/{lang}/workspace/")
        if viewport is PHONE:
            label = page.evaluate(
                "getComputedStyle(document.querySelector('.stack-table td'), '::before').content"
            )
            assert label.strip('"') in ("Event", "Événement")


def test_event_facts_keep_labels_and_values_in_two_columns(new_page, make_event):
    """A value that wraps stays in its column: every value starts at the same left edge."""
    event = make_event(organisations=4, topics=3, series=None)
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        for path in (f"/en/events/{event.id}", "/en/events/"):
            page.goto(path)
            lefts = page.evaluate(
                """() => [...document.querySelector('.event-facts').querySelectorAll('dd')]
                      .map(dd => Math.round(dd.getBoundingClientRect().left))"""
            )
            assert len(lefts) >= 3 and len(set(lefts)) == 1, (path, viewport, lefts)
            tops = page.evaluate(
                """() => [...document.querySelector('.event-facts').querySelectorAll('dt')]
                      .map(dt => [Math.round(dt.getBoundingClientRect().top),
                                  Math.round(dt.nextElementSibling.getBoundingClientRect().top)])"""
            )
            assert all(abs(a - b) <= 2 for a, b in tops), (path, tops)
