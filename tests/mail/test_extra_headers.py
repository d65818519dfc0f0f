"""Extra headers a caller adds (List-Unsubscribe…) go out as given; others are refused."""

from __future__ import annotations

import pytest

from eventapp.extensions import clock, db
from eventapp.mail.services import InvalidHeader, queue_mail
from eventapp.settings import current_settings

ONE_CLICK = {
    "List-Unsubscribe": "<https://events.example.org/en/unsubscribe/abc>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def queue(headers):
    return queue_mail(
        "ada@example.org", "test_message", "en", now=clock.now(), settings=current_settings(),
        headers=headers, title="T", link="https://events.example.org/",
    )  # fmt: skip


def test_the_headers_reach_the_server(mail_app, runner, smtp_server):
    handler, port = smtp_server()
    mail_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    queue(ONE_CLICK)
    queue(None)
    db.session.commit()

    assert runner.invoke(args=["send-mail"]).exit_code == 0

    with_headers, without = handler.accepted
    assert with_headers["List-Unsubscribe"] == ONE_CLICK["List-Unsubscribe"]
    assert with_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert without["List-Unsubscribe"] is None


@pytest.mark.parametrize(
    "headers",
    [
        {"From": "someone@evil.example"},
        {"Bcc": "x@example.org"},
        {"List-Unsubscribe": "<https://a>\r\nBcc: x@example.org"},
        {"List-Unsubscribe": ""},
    ],
)
def test_a_header_the_caller_may_not_set_or_a_value_on_two_lines_is_refused(mail_app, headers):
    with pytest.raises(InvalidHeader):
        queue(headers)
