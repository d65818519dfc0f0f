"""`flask send-mail`, and mail written to the log when there is no MAIL_SERVER."""

from __future__ import annotations

import logging
import os
import signal
import threading

from eventapp.extensions import clock, db
from eventapp.mail import inline
from eventapp.mail.services import queue_mail
from eventapp.settings import current_settings


def queue(language: str = "en", title: str = "Ethics & <AI>") -> str:
    message = queue_mail(
        "ada@example.org", "test_message", language, now=clock.now(), settings=current_settings(),
        title=title,
        link="https://events.example.org/fr/events/7",
    )  # fmt: skip
    db.session.commit()
    return message.message_id


def test_send_mail_delivers_text_and_html_with_the_right_headers(
    mail_app, runner, outbox, smtp_server
):
    handler, port = smtp_server()
    mail_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    message_id = queue("fr")

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "send-mail: 1 sent, 0 to retry, 0 given up"
    [message] = handler.accepted
    assert handler.envelopes == [("events@example.org", ["ada@example.org"])]
    assert message["From"] == "Entente CordIAle <events@example.org>"
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == "Événements à venir: Ethics & <AI>"
    assert message["Message-ID"] == message_id
    assert message["Content-Language"] == "fr"
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert text.get_content().replace("\r\n", "\n").startswith("Événements: Ethics & <AI>\n")
    assert html.get_content_type() == "text/html"
    assert "<h1>Événements</h1><p>Ethics &amp; &lt;AI&gt;</p>" in html.get_content()
    [stored] = outbox()
    assert stored.sent_at is not None and stored.attempts == 1


def test_send_mail_with_the_server_down_exits_cleanly_and_keeps_the_mail(mail_app, runner, outbox):
    mail_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    queue()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "0 sent, 1 to retry" in result.output
    [stored] = outbox()
    assert stored.sent_at is None and stored.attempts == 1 and stored.last_error


def test_without_a_mail_server_mail_goes_to_the_log(mail_app, runner, outbox, caplog):
    message_id = queue(title="Welcome & more")
    with caplog.at_level(logging.INFO, logger="eventapp.mail"):
        result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    logged = caplog.text
    assert message_id in logged
    assert "Subject: Upcoming events: Welcome & more" in logged
    assert "Events: Welcome & more\nhttps://events.example.org/fr/events/7" in logged
    assert outbox()[0].sent_at is not None


def test_send_mail_loop_runs_until_interrupted(mail_app, runner, outbox, caplog):
    queue()
    # The command installs its own handler; the signal arrives while it polls.
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        result = runner.invoke(args=["send-mail", "--loop", "--interval", "0.2"])
    finally:
        timer.cancel()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "send-mail: 1 sent, 0 to retry, 0 given up (stopped)"
    assert outbox()[0].sent_at is not None
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_without_a_mail_server_a_request_writes_its_committed_mail_to_the_log(
    mail_app, client, outbox, caplog, settings
):
    inline.init_app(mail_app)

    @mail_app.get("/_test/queue/<int:commit>")
    def queue_view(commit: int):
        queue_mail(
            "ada@example.org", "test_message", "fr", now=clock.now(), settings=settings,
            title=f"commit={commit}",
            link="l",
        )  # fmt: skip
        if commit:
            db.session.commit()
        else:
            db.session.rollback()
        return "ok"

    with caplog.at_level(logging.INFO, logger="eventapp.mail"):
        assert client.get("/_test/queue/0").status_code == 200
        assert "commit=0" not in caplog.text
        assert client.get("/_test/queue/1").status_code == 200
    assert "Subject: Événements à venir: commit=1" in caplog.text
    [stored] = outbox()
    assert stored.sent_at is not None


def test_with_a_mail_server_requests_never_send(database_url):
    from eventapp import create_app

    without = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"})
    assert inline._deliver_to_log in without.after_request_funcs[None]
    served = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t", "MAIL_SERVER": "127.0.0.1"}
    )
    assert inline._deliver_to_log not in served.after_request_funcs[None]


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
