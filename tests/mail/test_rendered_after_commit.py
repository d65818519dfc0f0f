"""Registration mail is decided under the event's lock and rendered after the commit (issue 15):
the committed row says what to render, a later render gives the mail of before, and a row left
unrendered (the process died after its commit) is rendered and sent by the worker, once."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from eventapp import create_app
from eventapp.accounts import services as accounts
from eventapp.extensions import db
from eventapp.mail.deferred import render_committed
from eventapp.mail.delivery import deliver_due
from eventapp.mail.models import OutboxMessage
from eventapp.mail.services import LATER_KEY
from eventapp.mail.transports import SmtpTransport
from eventapp.registrations import links, services
from eventapp.registrations.models import RegistrationLink

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
TOKEN = re.compile(r"/registrations/([A-Za-z0-9_-]{43})")


def register(event, n: int, settings, *, lost: bool = False, lang: str = "fr"):
    """Register person `n` and commit; `lost`: the process dies between commit and render."""
    who = services.Attendee(email=f"person{n}@example.org", name=f"Personne {n}", language=lang)
    reg = services.register(event, who, now=NOW, settings=settings)
    if lost:
        db.session.info.pop(LATER_KEY)
    db.session.commit()
    return reg


def rows(to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return list(db.session.scalars(query))


def same_but_person(message: OutboxMessage, n: int) -> tuple:
    """The message with what differs from one person to the next taken out."""

    def plain(text: str | None) -> str | None:
        if text is None:
            return None
        text = TOKEN.sub("/registrations/TOKEN", text.replace("\r\n ", ""))
        text = re.sub(r"DTSTAMP:\S+", "DTSTAMP", text)
        return text.replace(f"person{n}@example.org", "P").replace(f"Personne {n}", "P")

    return (message.subject, plain(message.body_text), plain(message.body_html),
            plain(message.ical), message.ical_method, message.language)  # fmt: skip


def smtp(port: int) -> SmtpTransport:
    return SmtpTransport("127.0.0.1", port, timeout=5)


def test_the_commit_keeps_what_to_render_and_a_later_render_is_the_mail_of_before(
    make_event, settings
):
    event = make_event(title_fr="Éthique et IA", capacity=2, start=datetime(2027, 3, 3, 14, 0))
    first = register(event, 1, settings)  # rendered right after its commit, as a request does
    second = register(event, 2, settings, lost=True)
    [pending] = rows("person2@example.org")
    assert pending.render_kind == "registration" and pending.body_text == ""
    assert db.session.scalar(select(func.count(RegistrationLink.id))) == 1  # only the first's

    assert render_committed([pending.id], settings) == 1
    [made] = rows("person1@example.org")
    [later] = rows("person2@example.org")
    assert later.render_kind is None and later.render_spec is None
    assert later.subject == "Votre place est confirmée — Éthique et IA"
    assert same_but_person(later, 2) == same_but_person(made, 1)
    invite = Calendar.from_ical(later.ical)
    [vevent] = invite.walk("VEVENT")
    assert str(invite["METHOD"]) == "REQUEST" and int(vevent["SEQUENCE"]) == 0
    assert str(vevent["ATTENDEE"]) == "mailto:person2@example.org"
    assert f"DTSTAMP:{NOW:%Y%m%dT%H%M%SZ}" in later.ical
    token = TOKEN.search(later.body_text).group(1)
    assert links.find(token, now=NOW) == second != first
    assert render_committed([pending.id], settings) == 0  # rendered once


def test_a_later_render_tells_the_waiting_position_of_the_moment(make_event, settings):
    event = make_event(capacity=1, start=datetime(2027, 3, 3, 14, 0))
    register(event, 1, settings, lang="en")
    ahead = register(event, 2, settings, lang="en")
    register(event, 3, settings, lang="en", lost=True)  # number 2 when it registered
    services.cancel(ahead, now=NOW, settings=settings)
    db.session.commit()
    [waiting] = rows("person3@example.org")
    render_committed([waiting.id], settings)
    [told] = rows("person3@example.org")
    assert "you are number 2 on the waiting list" in told.body_text


def test_a_mail_left_unrendered_is_rendered_and_sent_by_the_worker_once(
    make_event, settings, smtp_server
):
    handler, port = smtp_server()
    event = make_event(title_en="Agents", capacity=5, start=datetime(2027, 3, 3, 14, 0))
    register(event, 1, settings, lost=True, lang="en")
    [left] = rows()
    assert left.render_kind is not None
    for _ in range(2):
        deliver_due(sender=settings.mail_sender, now=NOW, transport=smtp(port), settings=settings)
    [sent] = handler.accepted
    assert sent["Subject"] == "Your place is confirmed — Agents"
    assert sent["Message-ID"] == left.message_id
    parts = {part.get_content_type(): part for part in sent.walk()}
    assert "Hello Personne 1," in parts["text/plain"].get_content()
    assert "METHOD:REQUEST" in parts["text/calendar"].get_content()
    [row] = rows()
    assert row.sent_at == NOW and row.render_kind is None and row.subject == sent["Subject"]


def test_two_workers_render_and_send_each_left_mail_once(
    mail_app, make_event, settings, smtp_server
):
    handler, port = smtp_server()
    event = make_event(capacity=4, start=datetime(2027, 3, 3, 14, 0))
    for n in range(10):
        register(event, n, settings, lost=True, lang="en")
    ids = [row.message_id for row in rows()]
    reports = []

    def worker() -> None:
        with mail_app.app_context():
            report = deliver_due(
                sender=settings.mail_sender, now=NOW, transport=smtp(port), batch=100,
                settings=settings,
            )  # fmt: skip
            reports.append(report)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(handler.seen_ids) == sorted(ids)
    assert sum(report.sent for report in reports) == 10
    subjects = sorted(message["Subject"].split(" — ")[0] for message in handler.accepted)
    assert subjects == ["You are on the waiting list"] * 6 + ["Your place is confirmed"] * 4
    assert db.session.scalar(select(func.count(RegistrationLink.id))) == 10  # one render each


def test_rendering_left_to_the_worker_the_commit_leaves_the_row_and_the_worker_sends_it(
    app, make_event, settings, smtp_server
):
    app.config["MAIL_RENDER_AFTER_COMMIT"] = False  # EVENTAPP_MAIL_RENDER_AFTER_COMMIT=false
    handler, port = smtp_server()
    event = make_event(title_en="Agents", capacity=5, start=datetime(2027, 3, 3, 14, 0))
    register(event, 1, settings, lang="en")
    [left] = rows()
    assert left.render_kind == "registration" and left.subject == ""
    deliver_due(sender=settings.mail_sender, now=NOW, transport=smtp(port), settings=settings)
    [sent] = handler.accepted
    assert sent["Subject"] == "Your place is confirmed — Agents"


def test_served_apps_render_no_mail_in_the_request_and_the_worker_sends_it_once_in_french(
    app, make_user, make_event, settings, smtp_server, monkeypatch
):
    monkeypatch.delenv("EVENTAPP_MAIL_RENDER_AFTER_COMMIT", raising=False)
    handler, port = smtp_server()
    event = make_event(title_fr="Éthique et IA", capacity=5, start=datetime(2027, 3, 3, 14, 0))
    user = make_user("ada@example.org", name="Ada")
    user.language = "fr"
    token = accounts.create_token(user, now=NOW)
    db.session.commit()
    # An app as served (a MAIL_SERVER, the shipped default for rendering), as a second process.
    config = {k: v for k, v in app.config.items() if k != "MAIL_RENDER_AFTER_COMMIT"}
    served = create_app({**config, "MAIL_SERVER": "127.0.0.1", "EVENTAPP_CLOCK_START": NOW})
    answer = served.test_client().post(
        f"/api/v1/events/{event.id}/registrations", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201 and answer.get_json()["status"] == "confirmed"
    [left] = rows()
    assert left.render_kind == "registration" and left.body_text == ""  # nothing rendered
    later = NOW + timedelta(minutes=1)  # the served app's clock runs from NOW
    for _ in range(2):
        deliver_due(sender=settings.mail_sender, now=later, transport=smtp(port), settings=settings)
    [sent] = handler.accepted
    assert sent["Subject"] == "Votre place est confirmée — Éthique et IA"
    assert sent["To"] == "ada@example.org" and sent["Message-ID"] == left.message_id
    assert db.session.scalar(select(func.count(RegistrationLink.id))) == 1  # rendered once
