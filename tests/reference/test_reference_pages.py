"""Topic and organisation pages: like the series and site pages, with their subscribe box."""

from __future__ import annotations

import pytest

from eventapp.extensions import db
from eventapp.reference.models import Organisation, Topic


@pytest.fixture
def tagged(make_event, sites):
    topic = Topic(slug="ethics", name_en="Ethics", name_fr="Éthique")
    org = Organisation(slug="hec-paris", name_en="HEC Paris", name_fr="HEC Paris",
                       url="https://www.hec.edu/", site=sites["paris-saclay"])  # fmt: skip
    event = make_event(title_en="Fairness", title_fr="Équité")
    event.topics, event.organisations = [topic], [org]
    make_event(title_en="Unrelated", title_fr="Sans rapport")
    db.session.commit()
    return event


@pytest.mark.parametrize(
    ("lang", "path", "heading", "kicker", "sub"),
    [
        ("en", "topics/ethics", "Ethics", "Topic", "Subscribe to this topic"),
        ("fr", "topics/ethics", "Éthique", "Thème", "S’abonner à ce thème"),
        ("en", "organisations/hec-paris", "HEC Paris", "Organisation",
         "Subscribe to the events of this organisation"),
        ("fr", "organisations/hec-paris", "HEC Paris", "Organisation",
         "S’abonner aux événements de cette organisation"),
    ],
)  # fmt: skip
def test_a_page_shows_its_events_and_its_subscribe_box(
    client, tagged, lang, path, heading, kicker, sub
):
    html = client.get(f"/{lang}/{path}").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html and f'class="kicker">{kicker}<' in html
    title = "Fairness" if lang == "en" else "Équité"
    assert f">{title}</a></h3>" in html
    assert "Sans rapport" not in html and "Unrelated" not in html
    assert sub in html
    key, slug = path.split("/")
    arg = {"topics": "topic", "organisations": "organisation"}[key]
    assert f"/feeds/{lang}/events.ics?{arg}={slug}" in html  # the feed of this page's events
    assert f'name="{arg}"' not in html  # the page's own filter is not offered again


def test_organisation_page_names_its_site_and_website(client, tagged):
    html = client.get("/en/organisations/hec-paris").get_data(as_text=True)
    assert 'href="/en/sites/paris-saclay"' in html
    assert 'href="https://www.hec.edu/"' in html


def test_other_filters_work_on_a_topic_page(client, tagged, make_event):
    html = client.get("/en/topics/ethics?site=oxford").get_data(as_text=True)
    assert "Fairness" not in html and "No upcoming events match these filters." in html


def test_event_page_and_cards_link_to_topic_and_organisation(client, tagged):
    for lang in ("en", "fr"):
        page = client.get(f"/{lang}/events/{tagged.id}").get_data(as_text=True)
        assert f'href="/{lang}/topics/ethics"' in page
        assert f'href="/{lang}/organisations/hec-paris"' in page
        listing = client.get(f"/{lang}/events/").get_data(as_text=True)
        assert f'href="/{lang}/organisations/hec-paris"' in listing
