"""Queueing: the message is written with the caller's data, rendered in the recipient's language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import g

from eventapp.extensions import db
from eventapp.mail.rendering import MissingSubject
from eventapp.mail.services import InvalidRecipient, queue_mail
from eventapp.settings import current_settings

NOW = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)


def queue(language: str = "en", **kwargs):
    values = {"title": "Ethics & <AI>", "link": "https://events.example.org/en/events/1?a=1&b=2"}
    values.update(kwargs)
    return queue_mail(
        "ada@example.org", "test_message", language, settings=current_settings(), now=NOW, **values
    )


def test_a_rolled_back_transaction_leaves_nothing_in_the_outbox(mail_app, outbox):
    queue()
    db.session.rollback()
    assert outbox() == []


def test_a_committed_transaction_keeps_the_message_ready_to_send(mail_app, outbox):
    queue()
    db.session.commit()
    [message] = outbox()
    assert message.recipient == "ada@example.org"
    assert message.subject == "Upcoming events: Ethics & <AI>"
    assert re.fullmatch(r"<[0-9a-f]{32}@events\.example\.org>", message.message_id)
    assert message.language == "en"
    assert (message.next_attempt_at, message.created_at) == (NOW, NOW)
    assert (message.attempts, message.sent_at, message.last_error) == (0, None, None)


def test_each_message_gets_its_own_message_id(mail_app):
    assert queue().message_id != queue().message_id


def test_the_text_part_is_not_escaped_and_the_html_part_is(mail_app):
    message = queue()
    assert "Events: Ethics & <AI>\nhttps://events.example.org/en/events/1?a=1&b=2" in (
        message.body_text
    )
    assert "&amp;" not in message.body_text
    assert "<p>Ethics &amp; &lt;AI&gt;</p>" in message.body_html
    assert 'href="https://events.example.org/en/events/1?a=1&amp;b=2"' in message.body_html
    assert "<title>Upcoming events: Ethics &amp; &lt;AI&gt;</title>" in message.body_html


def test_a_french_recipient_gets_french_mail(mail_app):
    message = queue("fr")
    assert message.language == "fr"
    assert message.subject == "Événements à venir: Ethics & <AI>"
    assert message.body_text.startswith("Événements: Ethics & <AI>")
    assert "Les événements IA Paris-Saclay – Oxford – Cambridge" in message.body_text
    assert '<html lang="fr">' in message.body_html
    assert "<h1>Événements</h1>" in message.body_html
    assert "https://events.example.org/fr/events/" in message.body_text


def test_the_recipients_language_wins_over_the_pages(mail_app):
    with mail_app.test_request_context("/en/events/"):
        g.lang = "en"
        message = queue("fr")
        assert g.lang == "en"  # the page goes on in its own language
    assert message.subject.startswith("Événements à venir")


def test_a_given_subject_wins_and_stays_on_one_line(mail_app):
    message = queue(subject="Confirm\r\nBcc: everyone@example.org")
    assert message.subject == "Confirm Bcc: everyone@example.org"


def test_a_message_needs_a_subject(mail_app, settings):
    with pytest.raises(MissingSubject):
        queue_mail("ada@example.org", "no_subject", "en", settings=settings, now=NOW)
    assert queue_mail(
        "ada@example.org", "no_subject", "fr", settings=settings, now=NOW, subject="Hello"
    ).subject


def test_a_recipient_must_be_one_plain_address(mail_app, settings):
    for bad in ("", "nobody", "a@example.org\r\nBcc: b@example.org", "a@x.org, b@y.org"):
        with pytest.raises(InvalidRecipient):
            queue_mail(bad, "test_message", "en", settings=settings, now=NOW, title="t", link="l")


def test_a_language_we_do_not_write_falls_back_to_english(mail_app):
    assert queue("de").language == "en"


def test_an_invitation_needs_its_method(mail_app):
    with pytest.raises(ValueError):
        queue(ical="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert queue(
        ical="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", ical_method="request"
    ).ical_method == ("REQUEST")
