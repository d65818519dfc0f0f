"""Stored blocks follow what shapes their bytes besides the event: settings, catalogues, builder."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from eventapp import create_app
from eventapp.extensions import babel, db
from eventapp.feeds import fingerprint
from eventapp.feeds.blocks import stamp
from eventapp.feeds.models import IcalBlock

FEEDS = ("/feeds/en/events.ics?sessions=1", "/feeds/fr/events.ics?sessions=1")
CATALOGUES = Path(fingerprint.__file__).resolve().parent.parent / "translations"


@pytest.fixture
def events(make_event):
    return [make_event(sessions=2), make_event(site="oxford"), make_event(status="cancelled")]


@pytest.fixture
def other_app(app):
    """`other_app(**config)`: another process of the same deployment on the same database,
    with these settings changed; its requests run in their own app context."""
    made = []

    def make(**config):
        other = create_app({**app.config, **config})
        other.test_client_class = app.test_client_class
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def _stamps() -> dict[tuple[int, str, str], str]:
    db.session.commit()  # a fresh snapshot: see what the requests stored
    rows = db.session.execute(select(IcalBlock.event_id, IcalBlock.lang, IcalBlock.part,
                                     IcalBlock.stamp)).all()  # fmt: skip
    return {(event_id, lang, part): value for event_id, lang, part, value in rows}


def test_a_new_base_url_rebuilds_every_stored_block(
    app, client, fetch_feed, events, other_app
) -> None:
    before = {url: fetch_feed(client, url) for url in FEEDS}
    stored = _stamps()
    assert len(stored) == 3 * 2 * 2  # events, languages, parts

    moved = other_app(EVENTAPP_BASE_URL="https://agenda.example.net")
    after = {url: fetch_feed(moved.test_client(), url) for url in FEEDS}
    for url in FEEDS:
        assert after[url].response.headers["ETag"] != before[url].response.headers["ETag"]
        assert after[url].uids == before[url].uids  # the UID domain did not move
        for event in after[url].events:
            for name in ("URL", "DESCRIPTION"):
                assert "https://agenda.example.net/" in event[name], (url, event["UID"], name)
                assert "https://events.example.org/" not in event[name], (url, event["UID"])
        assert b"https://events.example.org/" not in after[url].data
    # Reads write nothing: the stale rows stay, never served; the next write of an event stores
    # its blocks under the new fingerprint.
    assert _stamps() == stored
    with moved.app_context():
        event = db.session.get(type(events[0]), events[0].id)
        event.title_en = "Renamed"
        db.session.commit()
    rebuilt = _stamps()
    mine = [key for key in stored if key[0] == events[0].id]
    assert mine and all(rebuilt[key] != stored[key] for key in mine)
    assert all(rebuilt[key] == stored[key] for key in stored if key[0] != events[0].id)


def test_a_new_uid_domain_rebuilds_every_stored_block(client, fetch_feed, events, other_app):
    before = fetch_feed(client, FEEDS[0])
    renamed = other_app(EVENTAPP_UID_DOMAIN="uid.example.net")
    after = fetch_feed(renamed.test_client(), FEEDS[0])
    assert len(after.uids) == len(before.uids) == 3 + 2
    assert all(uid.endswith("@uid.example.net") for uid in after.uids)


def _catalogues_with(tmp_path: Path, msgid: str, msgstr: str | None) -> Path:
    """A copy of the compiled catalogues (new files, new times), French `msgid` retranslated."""
    copy = tmp_path / "translations"
    shutil.copytree(CATALOGUES, copy, ignore=shutil.ignore_patterns("*.pot", "*.cfg"))
    if msgstr is not None:
        with open(copy / "fr/LC_MESSAGES/messages.po", "rb") as po:
            catalogue = read_po(po, locale="fr")
        assert catalogue[msgid].string, msgid
        catalogue[msgid].string = msgstr
        with open(copy / "fr/LC_MESSAGES/messages.mo", "wb") as mo:
            write_mo(mo, catalogue)
    return copy


@pytest.fixture
def forget_translations(monkeypatch):
    """Flask-Babel keeps the catalogues it loaded in one cache for the whole process; another
    process starts with it empty."""
    return lambda: monkeypatch.setattr(babel.domain_instance, "cache", {})


def test_a_catalogue_change_rebuilds_the_blocks(
    client, fetch_feed, events, other_app, tmp_path, forget_translations
) -> None:
    french = "/feeds/fr/events.ics"
    before = fetch_feed(client, french)
    assert all("Lieu : " in e["DESCRIPTION"] for e in before.events)
    retranslated = _catalogues_with(tmp_path, "Where: %(place)s", "Adresse : %(place)s")
    other = other_app(BABEL_TRANSLATION_DIRECTORIES=str(retranslated))
    forget_translations()
    after = fetch_feed(other.test_client(), french)
    assert after.response.headers["ETag"] != before.response.headers["ETag"]
    for event in after.events:
        assert "Adresse : " in event["DESCRIPTION"] and "Lieu : " not in event["DESCRIPTION"]


def test_the_same_catalogues_copied_elsewhere_rebuild_nothing(
    client, fetch_feed, events, other_app, tmp_path, forget_translations
) -> None:
    before = fetch_feed(client, FEEDS[1])
    stored = _stamps()
    other = other_app(BABEL_TRANSLATION_DIRECTORIES=str(_catalogues_with(tmp_path, "", None)))
    forget_translations()
    after = fetch_feed(other.test_client(), FEEDS[1])
    assert after.data == before.data
    assert after.response.headers["ETag"] == before.response.headers["ETag"]
    assert _stamps() == stored


def test_the_fingerprint_covers_each_input() -> None:
    base = ("https://a.example", "a.example", str(CATALOGUES))
    prints = {
        fingerprint.fingerprint(*base),
        fingerprint.fingerprint("https://b.example", *base[1:]),
        fingerprint.fingerprint(base[0], "b.example", base[2]),
        fingerprint.fingerprint(*base[:2], str(CATALOGUES / "fr")),  # no catalogue found there
    }
    assert len(prints) == 4
    assert fingerprint.fingerprint(*base) == fingerprint.fingerprint(*base)


def test_the_longest_stamp_fits_its_column() -> None:
    longest = stamp("f" * fingerprint.DIGEST_LENGTH, datetime.max.replace(tzinfo=UTC), 2**40)
    assert len(longest) <= IcalBlock.__table__.c.stamp.type.length
