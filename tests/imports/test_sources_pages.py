"""Sources in the workspace: the list with each last sync, a new source through the form (with
its CSRF token), "Sync now", and the report in French and in English."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from support import log_in_as
from writing_support import make_world

from eventapp.extensions import db
from eventapp.imports.models import Source


@pytest.fixture
def world(app, sites):
    made = make_world(sites)
    app.config.update(
        IMPORTS_ALLOW_HTTP_LOCALHOST=True, IMPORTS_ALLOW_PRIVATE=True, IMPORTS_TIMEOUT_SECONDS=2
    )
    return made


def token(page) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]


def add_source(client, url: str, lang: str = "en", **changes):
    form = client.get(f"/{lang}/workspace/sources/new")
    assert form.status_code == 200
    data = {"csrf_token": token(form), "name": "Cambridge talks", "url": url,
            "organisation": "hec-paris", "site": "cambridge", "series": "", "language": "en",
            "publish": "y", "interval_minutes": "60", **changes}  # fmt: skip
    return client.post(f"/{lang}/workspace/sources/new", data=data)


def test_an_organiser_adds_a_source_syncs_it_and_reads_the_report(client, world, feed_server):
    log_in_as(client, world["organiser"])
    url = feed_server.serve("/talks.ics", "bad_items.ics")
    saved = add_source(client, url)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    source = db.session.scalars(select(Source)).one()
    assert (source.name, source.organisation.slug, source.publish) == (
        "Cambridge talks", "hec-paris", True,
    )  # fmt: skip
    listing = client.get("/en/workspace/sources")
    assert "Never synced yet." in listing.get_data(as_text=True)
    synced = client.post(
        f"/en/workspace/sources/{source.id}/sync", data={"csrf_token": token(listing)}
    )
    assert synced.status_code == 302
    db.session.expire_all()
    report = source.last_report
    assert report["created"] > 0 and report["skipped"]
    english = client.get("/en/workspace/sources").get_data(as_text=True)
    assert f"{report['created']} created, 0 updated, 0 cancelled, 0 unchanged" in english
    assert "Skipped items and why" in english and report["skipped"][0]["uid"] in english
    french = client.get("/fr/workspace/sources").get_data(as_text=True)
    assert f"{report['created']} créés, 0 mis à jour, 0 annulés, 0 inchangés" in french
    assert "Synchroniser maintenant" in french and "Éléments ignorés et pourquoi" in french
    assert "It ends (DTEND) before it starts (DTSTART)." in english
    assert "Il finit (DTEND) avant de commencer (DTSTART)." in french  # the engine's reason


def test_sync_now_needs_the_csrf_token(client, world, feed_server):
    log_in_as(client, world["organiser"])
    add_source(client, feed_server.serve("/talks.ics", "talks_cam.ics"))
    source = db.session.scalars(select(Source)).one()
    refused = client.post(f"/en/workspace/sources/{source.id}/sync", data={})
    assert refused.status_code == 400
    assert feed_server.requests == []


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Give an address starting with https:// or webcal://."),
     ("fr", "Donnez une adresse commençant par https:// ou webcal://.")],
)  # fmt: skip
def test_the_form_refuses_a_plain_http_address(client, world, lang, message):
    log_in_as(client, world["organiser"])
    refused = add_source(client, "http://calendar.example.org/x.ics", lang=lang)
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert db.session.scalar(select(Source.id)) is None


def test_another_organisations_source_is_not_found_and_the_admin_sees_all(client, world, app):
    log_in_as(client, world["organiser"])
    add_source(client, "https://calendar.example.org/x.ics")
    source = db.session.scalars(select(Source)).one()
    other = log_in_as(app.test_client(), world["other"])
    assert other.get(f"/en/workspace/sources/{source.id}/edit").status_code == 404
    assert "Cambridge talks" not in other.get("/en/workspace/sources").get_data(as_text=True)
    admin = log_in_as(app.test_client(), world["admin"])
    assert "/en/workspace/sources" in admin.get("/en/admin/").get_data(as_text=True)
    assert "Cambridge talks" in admin.get("/en/workspace/sources").get_data(as_text=True)
    page = admin.get(f"/en/workspace/sources/{source.id}/delete")
    gone = admin.post(f"/en/workspace/sources/{source.id}/delete",
                      data={"csrf_token": token(page)})  # fmt: skip
    assert gone.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Source.id)) is None
