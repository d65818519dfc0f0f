"""The reference data rules, called directly: what is refused, what is saved, what moves."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventapp.extensions import clock, db
from eventapp.reference import services
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue
from eventapp.reference.services import ReferenceDataError

ORG = {
    "slug": "hi-paris", "name_fr": "Hi! PARIS", "name_en": None, "url": None,
    "site": "paris-saclay",
}  # fmt: skip


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def refused(call, **kwargs) -> dict[str, str]:
    with pytest.raises(ReferenceDataError) as caught:
        call(None, **kwargs)
    db.session.rollback()
    return {field: str(message) for field, message in caught.value.fields.items()}


def test_an_organisation_is_created_with_stripped_values(sites):
    org = services.save_organisation(None, **{**ORG, "name_en": "  ", "url": " https://x.org "})
    db.session.commit()
    assert (org.slug, org.name_fr, org.name_en, org.url) == (
        "hi-paris",
        "Hi! PARIS",
        None,
        "https://x.org",
    )
    assert org.site.slug == "paris-saclay"


@pytest.mark.parametrize(
    "slug", ["Hi-Paris", "hi paris", "-hi", "hi-", "hi--paris", "été", "", "a" * 61]
)
def test_malformed_slugs_are_refused(sites, slug):
    errors = refused(services.save_organisation, **{**ORG, "slug": slug})
    assert set(errors) == {"slug"}
    assert count(Organisation) == 0


def test_every_wrong_field_is_named_at_once(sites):
    errors = refused(
        services.save_organisation, slug="ok", name_fr="", name_en=None,
        url="javascript:alert(1)", site="atlantis",
    )  # fmt: skip
    assert errors == {
        "name": "Write it in French or in English (at least one is required).",
        "url": "Enter an address that starts with http:// or https://.",
        "site": "Choose one of the sites.",
    }


def test_a_slug_is_unique_within_its_kind_only(sites):
    services.save_organisation(None, **ORG)
    services.save_topic(None, slug="hi-paris", name_fr=None, name_en="Hi")  # another kind: fine
    db.session.commit()
    errors = refused(services.save_organisation, **ORG)
    assert errors == {"slug": "Another entry already uses this slug."}


def test_saving_a_row_unchanged_keeps_its_own_slug(sites):
    org = services.save_organisation(None, **ORG)
    db.session.commit()
    services.save_organisation(org, **{**ORG, "name_en": "Hi! PARIS centre"})
    db.session.commit()
    assert org.name_en == "Hi! PARIS centre"


@pytest.mark.parametrize(
    "status, locked", [("published", True), ("cancelled", True), ("draft", False)]
)
def test_a_slug_is_locked_once_a_public_event_uses_it(sites, make_event, status, locked):
    event = make_event(status=status, organisations=1, topics=1)
    org, topic = event.organisations[0], event.topics[0]
    series = services.save_series(None, slug="talks", title_fr=None, title_en="Talks")
    event.series = series
    db.session.commit()
    for obj, save, values in (
        (org, services.save_organisation, {**ORG, "name_en": "Org"}),
        (topic, services.save_topic, {"name_fr": "T", "name_en": None}),
        (series, services.save_series, {"title_fr": None, "title_en": "Talks"}),
    ):  # fmt: skip
        old = obj.slug
        if locked:
            with pytest.raises(ReferenceDataError) as caught:
                save(obj, **{**values, "slug": "renamed"})
            assert caught.value.field == "slug"
            db.session.rollback()
            assert obj.slug == old
            save(obj, **{**values, "slug": old})  # the rest can still change
        else:
            assert save(obj, **{**values, "slug": "renamed"}).slug == "renamed"
        db.session.commit()


@pytest.mark.parametrize(
    "raw, stored", [(None, None), ("", None), ("  ", None), ("12", 12), (0, 0), (250, 250)]
)
def test_venue_capacity_accepts_whole_numbers_from_zero(sites, raw, stored):
    venue = services.save_venue(
        None, name_fr=None, name_en="Room", address="1 Road", site="oxford", capacity=raw
    )
    assert venue.capacity == stored


@pytest.mark.parametrize("raw", [-1, "-1", "ten", "1.5", 1.5, True, "١٢", 2**40])
def test_venue_capacity_refuses_anything_else(sites, raw):
    errors = refused(
        services.save_venue, name_fr=None, name_en="Room", address="1 Road", site="oxford",
        capacity=raw,
    )  # fmt: skip
    assert errors == {"capacity": "Give a whole number, 0 or more."}
    assert count(Venue) == 0


def test_series_site_is_optional_and_texts_are_checked(sites):
    series = services.save_series(None, slug="s", title_fr="Titre", title_en=None, site="")
    assert series.site is None
    errors = refused(services.save_series, slug="t", title_fr="x" * 201, title_en=None, site=None)
    assert errors == {"title_fr": "Use at most 200 characters."}
    errors = refused(services.save_series, slug="t", title_fr=5, title_en=None)
    assert errors == {"title_fr": "Enter text."}


def test_a_person_needs_a_name(app):
    assert refused(services.save_person, name=" ", affiliation="Lab") == {
        "name": "This field is required."
    }
    person = services.save_person(None, name="Ada", affiliation="")
    assert (person.name, person.affiliation) == ("Ada", None)


def test_changing_reference_data_moves_the_events_that_show_it(sites, make_event):
    event = make_event(organisations=1)
    before = event.updated_at
    services.save_organisation(
        event.organisations[0], slug=event.organisations[0].slug, name_fr="Nouveau",
        name_en=None, url=None, site="paris-saclay",
    )  # fmt: skip
    db.session.commit()
    db.session.refresh(event)
    assert event.updated_at > before


def test_delete_refuses_rows_still_in_use(sites, make_event, make_user):
    event = make_event(
        status="draft", organisations=1, topics=1, sessions=1, series=Series(slug="s", title_en="S")
    )
    talker = event.sessions[0].speakers[0]
    for obj in (event.organisations[0], event.topics[0], event.venue, event.series, talker):
        with pytest.raises(ReferenceDataError, match="1 event"):
            services.delete(obj)
        db.session.rollback()
    org = services.save_organisation(None, **ORG)
    make_user("o@example.org", organisations=[org])
    with pytest.raises(ReferenceDataError, match="1 account"):
        services.delete(org)


def test_delete_removes_unused_rows(sites):
    made = [
        services.save_organisation(None, **ORG),
        services.save_topic(None, slug="t", name_fr="T", name_en=None),
        services.save_person(None, name="Ada"),
    ]
    db.session.commit()
    for obj in made:
        services.delete(obj)
    db.session.commit()
    assert count(Organisation) == count(Topic) == count(Person) == 0
    assert clock.now()  # nothing else to clean up
