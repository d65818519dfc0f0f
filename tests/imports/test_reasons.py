"""The engine's fixed reasons are in the catalogue, so the workspace and the hosts' mail give
them in French; a reason quoting a server's answer stays as the server said it."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from eventapp.imports import fetch, parse, sync, upsert
from eventapp.imports.reasons import REASONS

# Reasons written with a value fixed in the code (no configuration, no server's words).
CONSTANT = (
    parse.TOO_MANY, f"The UID is longer than {parse.MAX_UID} characters.",
    f"More than {fetch.MAX_REDIRECTS} redirects.", fetch.PRIVATE, sync.EMPTIED,
    upsert.NEVER_IMPORTED, upsert.DUPLICATE,
)  # fmt: skip


def test_every_fixed_reason_is_in_the_catalogue_and_translated(app):
    with app.test_request_context(), force_locale("en"):
        listed = {str(reason) for reason in REASONS}
    assert set(CONSTANT) <= listed
    with app.test_request_context(), force_locale("fr"):
        untranslated = [reason for reason in listed if gettext(reason) == reason]
    assert untranslated == []


def test_a_server_s_words_stay_as_they_came(app):
    with app.test_request_context(), force_locale("fr"):
        assert gettext("The server answered 404 Not Found.") == "The server answered 404 Not Found."
