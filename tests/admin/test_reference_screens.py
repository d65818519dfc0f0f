"""The reference data screens: create, edit, refuse (keeping what was typed), delete."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support import field_errors, field_value

from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue

ORG_FORM = {
    "slug": "hi-paris", "name_fr": "Hi! PARIS", "name_en": "", "url": "https://hi-paris.fr",
    "site": "paris-saclay",
}  # fmt: skip


def count(model) -> int:
    db.session.rollback()  # end the test's transaction, to see what the requests committed
    return db.session.scalar(select(func.count()).select_from(model))


def test_home_lists_what_can_be_managed(admin_client):
    page = admin_client.get("/en/admin/").get_data(as_text=True)
    for link in ("users/", "organisations/", "venues/", "series/", "topics/", "people/", "sites/"):
        assert f'href="/en/admin/{link}"' in page


def test_sites_are_listed_read_only(admin_client, sites):
    page = admin_client.get("/fr/admin/sites/").get_data(as_text=True)
    assert "Europe/Paris" in page and "cambridge" in page
    assert "<form" not in page.split("<main")[1]


def test_an_organisation_is_created_through_the_form(admin_client, sites, post_form):
    done = post_form("/en/admin/organisations/new", ORG_FORM)
    assert done.status_code == 302 and done.location.endswith("/en/admin/organisations/")
    assert count(Organisation) == 1
    org = db.session.scalar(select(Organisation))
    assert (org.slug, org.name_fr, org.name_en, org.site.slug) == (
        "hi-paris", "Hi! PARIS", None, "paris-saclay",
    )  # fmt: skip
    listed = admin_client.get("/en/admin/organisations/").get_data(as_text=True)
    assert "hi-paris" in listed


def test_refusals_are_shown_next_to_their_fields_and_keep_what_was_typed(
    admin_client, sites, post_form
):
    typed = {**ORG_FORM, "slug": "Hi Paris", "name_fr": "", "url": "ftp://x.org"}
    answer = post_form("/fr/admin/organisations/new", typed)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    one_of_two = "Écrivez-le en français ou en anglais (l’un des deux au moins est requis)."
    assert field_errors(page) == {
        "slug": "Utilisez seulement des minuscules a-z, des chiffres et des traits d’union.",
        "name_fr": one_of_two,
        "name_en": one_of_two,
        "url": "Saisissez une adresse qui commence par http:// ou https://.",
    }
    assert field_value(page, "slug") == "Hi Paris"
    assert field_value(page, "url") == "ftp://x.org"
    assert 'aria-invalid="true"' in page
    assert count(Organisation) == 0


def test_a_duplicate_slug_is_refused_by_the_service(admin_client, sites, post_form):
    assert (
        post_form("/en/admin/topics/new", {"slug": "ethics", "name_en": "Ethics"}).status_code
        == 302
    )
    again = post_form("/en/admin/topics/new", {"slug": "ethics", "name_fr": "Éthique"})
    assert again.status_code == 400
    assert field_errors(again.get_data(as_text=True)) == {
        "slug": "Another entry already uses this slug."
    }
    assert field_value(again.get_data(as_text=True), "name_fr") == "Éthique"
    assert count(Topic) == 1


def test_a_venue_refuses_a_negative_capacity(admin_client, sites, post_form):
    typed = {"name_fr": "", "name_en": "Lecture room", "address": "Parks Road\nOxford",
             "site": "oxford", "capacity": "-5"}  # fmt: skip
    answer = post_form("/en/admin/venues/new", typed)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert field_errors(page) == {"capacity": "Give a whole number, 0 or more."}
    assert field_value(page, "address") == "Parks Road\nOxford"
    assert count(Venue) == 0
    assert post_form("/en/admin/venues/new", {**typed, "capacity": "80"}).status_code == 302
    assert count(Venue) == 1 and db.session.scalar(select(Venue)).capacity == 80


def test_a_series_and_a_speaker_are_created_and_edited(admin_client, sites, post_form):
    form = {"slug": "ai-ethics", "title_fr": "", "title_en": "AI ethics", "description_fr": "",
            "description_en": "Monthly.", "site": ""}  # fmt: skip
    assert post_form("/en/admin/series/new", form).status_code == 302
    assert count(Series) == 1
    series = db.session.scalar(select(Series))
    assert series.site is None and series.description_en == "Monthly."
    url = f"/en/admin/series/{series.id}"
    assert (
        post_form(url, {**form, "title_fr": "Éthique de l’IA", "site": "oxford"}).status_code == 302
    )
    db.session.rollback()
    assert (series.title_fr, series.site.slug) == ("Éthique de l’IA", "oxford")
    assert post_form("/en/admin/people/new", {"name": "", "affiliation": "Lab"}).status_code == 400
    assert post_form("/en/admin/people/new", {"name": "Ada", "affiliation": ""}).status_code == 302
    assert count(Person) == 1 and db.session.scalar(select(Person)).name == "Ada"


def test_a_published_slug_is_read_only_and_a_change_is_refused(admin_client, make_event, post_form):
    org = make_event(organisations=1).organisations[0]
    url = f"/en/admin/organisations/{org.id}"
    page = admin_client.get(url).get_data(as_text=True)
    assert 'name="slug" readonly' in page
    form = {"slug": "renamed", "name_fr": "", "name_en": "Org", "url": "", "site": "paris-saclay"}
    answer = post_form(url, form)
    assert answer.status_code == 400
    assert field_errors(answer.get_data(as_text=True)) == {
        "slug": "Published events use this slug: it cannot change any more."
    }
    db.session.rollback()
    assert org.slug != "renamed"
    assert post_form(url, {**form, "slug": org.slug}).status_code == 302


def test_delete_is_refused_while_in_use_and_done_otherwise(admin_client, make_event, post_form):
    event = make_event(topics=1)
    topic = event.topics[0]
    answer = post_form(
        f"/en/admin/topics/{topic.id}/delete", {}, page=f"/en/admin/topics/{topic.id}"
    )
    assert answer.status_code == 400
    assert "It cannot be deleted: 1 event(s) refer to it." in answer.get_data(as_text=True)
    assert count(Topic) == 1
    event.topics = []
    db.session.commit()
    done = post_form(f"/en/admin/topics/{topic.id}/delete", {}, page=f"/en/admin/topics/{topic.id}")
    assert done.status_code == 302 and count(Topic) == 0


@pytest.mark.parametrize("kind", ["organisations", "venues", "series", "topics", "people"])
def test_every_page_exists_in_both_languages(admin_client, sites, kind):
    for lang in ("fr", "en"):
        assert admin_client.get(f"/{lang}/admin/{kind}/").status_code == 200
        page = admin_client.get(f"/{lang}/admin/{kind}/new")
        assert page.status_code == 200
        assert f'<html lang="{lang}">' in page.get_data(as_text=True)
