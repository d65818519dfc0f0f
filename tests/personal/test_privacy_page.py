"""The privacy page, in both languages, and the links that lead to it."""

from __future__ import annotations

import html

from personal_world import START


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_privacy_page_says_what_is_kept_how_long_and_whom_to_ask_in_english(client, app):
    app.config.update(GUEST_DATA_DAYS=45, PRIVACY_CONTACT="Data desk <dpo@example.org>")
    text = page(client, "/en/privacy")
    assert "<h1>Your personal data</h1>" in text
    assert "erased 45 days after the event" in text
    assert "Accounts: until you delete yours." in text
    assert '<a href="mailto:dpo@example.org">dpo@example.org</a>' in text
    assert "Download my data" in text and "Delete my account" in text
    assert "API tokens" in text and "personal calendar feed" in text


def test_the_privacy_page_in_french_with_the_sender_as_contact_by_default(client, app):
    app.config.update(MAIL_DEFAULT_SENDER="Entente <events@example.org>")
    app.config.update(PRIVACY_CONTACT=app.config["MAIL_DEFAULT_SENDER"])
    text = page(client, "/fr/privacy")
    assert "<h1>Vos données personnelles</h1>" in text
    assert "effacés 30 jours après l’événement" in text
    assert '<a href="mailto:events@example.org">' in text
    assert "Télécharger mes données" in text


def test_the_contact_defaults_to_the_mail_sender(monkeypatch, tmp_path):
    from eventapp.config import load_config

    monkeypatch.setenv("MAIL_DEFAULT_SENDER", "Events <events@example.org>")
    monkeypatch.delenv("EVENTAPP_PRIVACY_CONTACT", raising=False)
    assert load_config(str(tmp_path))["PRIVACY_CONTACT"] == "Events <events@example.org>"
    monkeypatch.setenv("EVENTAPP_PRIVACY_CONTACT", "dpo@example.org")
    assert load_config(str(tmp_path))["PRIVACY_CONTACT"] == "dpo@example.org"


def test_every_footer_links_to_the_privacy_page(client):
    assert 'href="/en/privacy">Personal data</a>' in page(client, "/en/events/")
    assert 'href="/fr/privacy">Données personnelles</a>' in page(client, "/fr/events/")
    assert 'href="/en/privacy"' in page(client, "/en/account/login")


def test_the_guest_form_links_to_the_privacy_page(client, hosted):
    event = hosted(start=START, capacity=10)
    text = page(client, f"/en/events/{event.id}")
    form = text[text.index(f"/events/{event.id}/guest") :]
    form = form[: form.index("</form>")]
    assert '<a href="/en/privacy">What we keep, for how long, and your rights</a>' in form
