"""Reference data through the API: public reading, admin writing, and the same refusals as the
admin forms for the same input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support import field_errors, log_in_as

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Topic, Venue


@pytest.fixture
def admin(make_user):
    return make_user("admin@example.org", role="admin")


@pytest.fixture
def bearer(admin):
    """Headers with a token of `user` (the admin by default)."""

    def headers(user=admin, lang: str = "en") -> dict[str, str]:
        token = accounts.create_token(user, now=clock.now())
        db.session.commit()
        return {"Authorization": f"Bearer {token}", "Accept-Language": lang}

    return headers


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


ORG = {"slug": "hi-paris", "name": {"fr": "Hi! PARIS"}, "site": "paris-saclay"}


def test_admin_creates_reads_and_patches_an_organisation(client, sites, bearer):
    made = client.post("/api/v1/organisations", json=ORG, headers=bearer())
    assert made.status_code == 201
    assert made.headers["Location"] == "/api/v1/organisations/hi-paris"
    body = made.get_json()
    assert body == {
        "id": body["id"], "slug": "hi-paris", "url": None, "site": "paris-saclay",
        "name": {"fr": "Hi! PARIS", "en": None},
    }  # fmt: skip
    patched = client.patch(
        "/api/v1/organisations/hi-paris", json={"name": {"en": "Hi! PARIS"}, "id": 999},
        headers=bearer(),
    )  # fmt: skip
    assert patched.status_code == 200
    assert patched.get_json()["name"] == {"fr": "Hi! PARIS", "en": "Hi! PARIS"}
    assert patched.get_json()["id"] == body["id"]  # computed fields are ignored
    assert client.get("/api/v1/organisations/hi-paris").get_json() == patched.get_json()
    listed = client.get("/api/v1/organisations").get_json()
    assert listed == {"items": [patched.get_json()], "total": 1, "next": None}


def test_lists_are_public_and_paginated(client, sites):
    db.session.add_all(Topic(slug=f"t{n:02d}", name_en=f"T{n}") for n in range(5))
    db.session.commit()
    first = client.get("/api/v1/topics?per_page=2").get_json()
    assert [t["slug"] for t in first["items"]] == ["t00", "t01"] and first["total"] == 5
    assert first["next"] == "https://events.example.org/api/v1/topics?page=2&per_page=2"
    assert client.get("/api/v1/topics?page=0").status_code == 400
    assert client.get("/api/v1/topics/nope").status_code == 404
    assert client.get("/api/v1/venues/x").status_code == 404


def test_writing_needs_an_admin_token(client, sites, make_user, bearer):
    assert client.post("/api/v1/topics", json={"slug": "x", "name": {"en": "X"}}).status_code == 401
    attendee = make_user("a@example.org")
    organiser = make_user("o@example.org", organisations=[Organisation(
        slug="o", name_en="O", site=sites["oxford"])])  # fmt: skip
    for user in (attendee, organiser):
        answer = client.post("/api/v1/topics", json={"slug": "x"}, headers=bearer(user, "fr"))
        assert answer.status_code == 403
        assert answer.get_json()["error"]["message"] == "Vous n’avez pas le droit de faire cela."
    assert count(Topic) == 0


def test_refusals_name_each_field_in_the_callers_language(client, sites, bearer):
    answer = client.post(
        "/api/v1/venues",
        json={"name": {"fr": "x" * 201}, "site": "atlantis", "capacity": -1, "address": "Here"},
        headers=bearer(lang="fr-CA"),
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["fields"] == {
        "name.fr": "Utilisez au plus 200 caractères.",
        "site": "Choisissez l’un des sites.",
        "capacity": "Donnez un nombre entier, 0 ou plus.",
    }
    assert count(Venue) == 0
    bad_shape = client.post("/api/v1/topics", json={"slug": "t", "name": "T"}, headers=bearer())
    assert bad_shape.get_json()["error"]["fields"] == {
        "name": 'Give an object such as {"fr": "…", "en": "…"}.'
    }
    not_object = client.post("/api/v1/topics", json=["t"], headers=bearer())
    assert not_object.status_code == 400


def test_a_published_slug_cannot_change_through_the_api(client, make_event, bearer):
    topic = make_event(topics=1).topics[0]
    answer = client.patch(f"/api/v1/topics/{topic.slug}", json={"slug": "new"}, headers=bearer())
    assert answer.status_code == 400
    assert answer.get_json()["error"]["fields"] == {
        "slug": "Published events use this slug: it cannot change any more."
    }


# --- the same input through the form and the API: the same refusals -----------------------------

CASES = [
    ("topics", {"slug": "Bad Slug", "name_fr": "", "name_en": ""}),
    ("topics", {"slug": "taken", "name_fr": "Pris", "name_en": ""}),
    ("organisations", {"slug": "o", "name_fr": "O", "name_en": "", "url": "javascript:x()",
                       "site": "atlantis"}),
    ("venues", {"name_fr": "", "name_en": "Room", "address": "", "site": "oxford",
                "capacity": "-3"}),
    ("series", {"slug": "s", "title_fr": "", "title_en": "y" * 201, "description_fr": "",
                "description_en": "", "site": ""}),
    ("people", {"name": "", "affiliation": "Lab"}),
]  # fmt: skip


def as_json(kind: str, form: dict[str, str]) -> dict:
    """The API body for what the form would get (bilingual pairs as objects)."""
    body: dict = {}
    for name, value in form.items():
        stem, _sep, lang = name.rpartition("_")
        if lang in ("fr", "en") and kind != "people":
            body.setdefault(stem, {})[lang] = value
        else:
            body[name] = value
    return body


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind, form", CASES)
def test_the_form_and_the_api_refuse_alike(
    app, client, sites, admin, bearer, post_form, lang, kind, form
):
    db.session.add(Topic(slug="taken", name_en="Taken"))
    db.session.commit()
    log_in_as(client, admin)
    page = post_form(f"/{lang}/admin/{kind}/new", form)
    api = app.test_client().post(
        f"/api/v1/{kind}", json=as_json(kind, form), headers=bearer(lang=lang)
    )
    assert page.status_code == api.status_code == 400
    from_form = field_errors(page.get_data(as_text=True))
    from_api = api.get_json()["error"]["fields"]
    for name, message in from_api.items():
        if (
            name in ("name", "title") and name not in from_form
        ):  # one message for the pair: shown by both languages
            assert from_form.pop(f"{name}_fr") == from_form.pop(f"{name}_en") == message
        else:
            assert from_form.pop(name.replace(".", "_")) == message
    assert from_form == {}
    assert count(Topic) == 1
