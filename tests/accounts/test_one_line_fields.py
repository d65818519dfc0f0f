"""A one-line field keeps one line: what a name brings in (a line break, a tab, a NUL byte, a
Unicode line separator) never reaches a mail's header, a CSV row or the database as typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventapp.accounts.models import User
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reference.models import Person

SIGNUP = {
    "name": "Marie\r\nBcc: everyone@example.org",
    "email": "marie@example.org",
    "affiliation": "Paris\u2028Saclay\tLab",
    "language": "en",
    "password": "radium-and-polonium",
    "confirm": "radium-and-polonium",
}


def test_a_name_typed_with_line_breaks_is_kept_on_one_line(post_form, outbox):
    assert post_form("/en/account/signup", SIGNUP).status_code == 200
    user = db.session.scalars(select(User)).one()
    assert user.name == "Marie Bcc: everyone@example.org"
    assert user.affiliation == "Paris Saclay Lab"
    [mail] = outbox()
    assert "Hello Marie Bcc: everyone@example.org" in mail.body_text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("Ada\nLovelace", "Ada Lovelace"), ("\tAda\x00 ", "Ada"), ("A\x85B\x7fC", "A BC"),
     ("Ada Lovelace", "Ada Lovelace")],
)  # fmt: skip
def test_every_one_line_column_keeps_one_line(app, typed, kept):
    assert Person(name=typed).name == kept
    assert Event(title_en=typed).title_en == kept


def test_a_multi_line_text_keeps_its_lines_but_no_other_control_character(app):
    event = Event(description_en="One\r\nTwo\n\tThree\x00\x07")
    assert event.description_en == "One\r\nTwo\n\tThree"
