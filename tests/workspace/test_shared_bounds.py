"""The form and the API keep the same bounds (eventapp.bounds) and refuse with the same words:
an event moved on a form can be written back through the API, and the other way round."""

from __future__ import annotations

import re

import pytest

from eventapp.accounts import services as accounts
from eventapp.extensions import clock, db

NEW = "/{lang}/workspace/events/new"
OUT_OF_RANGE = [
    ({"capacity": str(2**31)}, {"capacity": 2**31}, "capacity"),
    ({"capacity": "-1"}, {"capacity": -1}, "capacity"),
    ({"start": "9999-03-26T14:00"}, {"start": "9999-03-26T14:00"}, "start"),
    ({"end": "1899-12-31T16:00"}, {"end": "1899-12-31T16:00"}, "end"),
    ({"title_en": "x" * 301}, {"title": {"en": "x" * 301}}, "title_en"),
    ({"online_url": "https://exa mple.org"}, {"online_url": "https://exa mple.org"}, "online_url"),
]


def _form(world, **changes) -> dict:
    values = {
        "title_en": "Ethics seminar", "kind": "seminar", "language": "both",
        "site": "paris-saclay", "venue": str(world.room.id), "organisations": ["hec-paris"],
        "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
    }  # fmt: skip
    return {**values, **changes}


def _body(world, **changes) -> dict:
    body = {
        "title": {"en": "Ethics seminar"}, "kind": "seminar", "language": "both",
        "site": "paris-saclay", "venue": world.room.id, "organisations": ["hec-paris"],
        "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
    }  # fmt: skip
    return {**body, **changes}


def _form_error(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    return found.group(1).replace("&#39;", "'") if found else ""


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("typed", "sent", "field"), OUT_OF_RANGE)
def test_a_form_and_the_api_refuse_alike(
    app, client, login, submit, world, lang, typed, sent, field
):
    token = accounts.create_token(world.users["organiser"], now=clock.now())
    db.session.commit()
    login("organiser")
    page = submit(NEW.format(lang=lang), _form(world, **typed))
    assert page.status_code == 400
    from_form = _form_error(page.get_data(as_text=True), field)
    api = app.test_client().post(
        "/api/v1/events", json=_body(world, **sent),
        headers={"Authorization": f"Bearer {token}", "Accept-Language": lang},
    )  # fmt: skip
    assert api.status_code == 400
    from_api = api.get_json()["error"]["fields"][field.replace("_en", ".en")]
    assert from_form and from_form == from_api
