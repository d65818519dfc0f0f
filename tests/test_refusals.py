"""One family of domain errors, mapped to statuses, pages and JSON at the edge."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l

from eventapp import errors
from eventapp.accounts.services import AccountError
from eventapp.events.errors import EventError, InvalidChange, InvalidInput, NotADraft, NotAllowed
from eventapp.reference.services import InUse, ReferenceDataError
from eventapp.refusals import status_of
from eventapp.registrations.services import InvalidChoice, RegistrationError

MESSAGE = _l("Only a draft can be published.")


@pytest.mark.parametrize(
    ("err", "status"),
    [
        (InvalidInput({"end": MESSAGE}), 400),
        (InvalidChange(MESSAGE), 400),
        (InvalidChoice(MESSAGE), 400),
        (AccountError(MESSAGE, "email"), 400),
        (ReferenceDataError(MESSAGE, "slug"), 400),
        (NotAllowed(), 403),
        (errors.NotFound(MESSAGE), 404),
        (NotADraft(MESSAGE), 409),
        (RegistrationError(MESSAGE), 409),
        (InUse(MESSAGE), 409),
    ],
)
def test_every_refusal_is_one_of_the_family_and_its_kind_sets_the_status(app, err, status):
    assert isinstance(err, errors.DomainError)
    assert not hasattr(err, "status")  # no HTTP inside the services' errors
    assert status_of(err) == status


def test_the_old_names_still_catch_what_they_caught(app):
    # Callers that catch EventError or RegistrationError keep catching refused input too.
    assert isinstance(InvalidChange(MESSAGE), EventError)
    assert isinstance(InvalidChoice(MESSAGE), RegistrationError)
    assert InvalidChoice(MESSAGE).fields == {"sessions": MESSAGE}


@pytest.fixture
def raising(app):
    """Routes that raise a refusal no view catches, on a page and under /api/."""

    def refuse():
        raise NotADraft(MESSAGE, {"status": MESSAGE})

    app.add_url_rule("/<lang>/refuse", "refuse_page", refuse)
    app.add_url_rule("/api/v1/refuse", "refuse_api", refuse)
    return app


def test_an_uncaught_refusal_is_the_contracts_json_under_the_api(raising, client):
    answer = client.get("/api/v1/refuse", headers={"Accept-Language": "fr"})
    assert answer.status_code == 409
    assert answer.get_json() == {
        "error": {
            "message": "Seul un brouillon peut être publié.",
            "fields": {"status": "Seul un brouillon peut être publié."},
        }
    }


def test_an_uncaught_refusal_is_an_error_page_elsewhere(raising, client):
    answer = client.get("/en/refuse")
    assert answer.status_code == 409
    assert "Only a draft can be published." in answer.get_data(as_text=True)
