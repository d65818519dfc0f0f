"""The weekly digest: one mail a week listing the new events, sent once by however many workers."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select
from support import log_in_as

from eventapp.events import services
from eventapp.extensions import clock, db
from eventapp.mail.models import OutboxMessage


def choose(client, world, mail: str):
    log_in_as(client, world.zoe)
    page = client.get("/fr/account/profile").text
    form = re.search(r'action="/fr/account/follows/mail"[^>]*>(.*?)</form>', page, re.S).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    return client.post("/fr/account/follows/mail", data={"csrf_token": token, "mail": mail})


def outbox_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def run_digest_job(app, runner) -> None:
    """One pass of `flask worker` (every job, the digests' included)."""
    db.session.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "digests" in result.output


def test_the_weekly_digest_lists_the_week_s_new_events_in_one_mail(
    app, client, runner, world, follow, settings, smtp, deliver
):
    follow("/fr/topics/ethics")
    assert choose(client, world, "weekly").status_code == 302
    first = world.draft(title_fr="Premier", title_en="First")
    second = world.draft(title_fr="Second", title_en="Second one")
    gone = world.draft(title_fr="Annulé", title_en="Cancelled")
    for event in (first, second, gone):
        services.publish_event(event, now=clock.now(), settings=settings)
    services.cancel_event(gone, now=clock.now(), settings=settings)
    db.session.commit()
    assert outbox_count() == 0  # nothing at once

    clock.advance(timedelta(days=6))
    run_digest_job(app, runner)
    assert outbox_count() == 0  # not a week yet

    clock.advance(timedelta(days=1, minutes=1))
    run_digest_job(app, runner)
    deliver()

    [mail] = smtp.accepted
    assert mail["Subject"] == "Cette semaine : 2 nouveaux événements dans ce que vous suivez"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = next(mail.iter_parts()).get_content()
    assert "Premier" in text and "Second" in text and "Annulé" not in text
    assert f"https://events.example.org/fr/events/{first.id}" in text

    run_digest_job(app, runner)  # a second pass (or a second worker) sends nothing more
    clock.advance(timedelta(days=7, minutes=1))
    run_digest_job(app, runner)  # next week: nothing new, no mail
    assert outbox_count() == 1


def test_a_digest_claimed_once_is_not_sent_by_a_second_worker(world, follow, client, settings):
    from eventapp.follows import digest

    follow("/fr/topics/ethics")
    choose(client, world, "weekly")
    services.publish_event(world.draft(), now=clock.now(), settings=settings)
    db.session.commit()
    clock.advance(timedelta(days=7, minutes=1))  # the event, a week on at 14:00, is still ahead
    [(user_id, due_at)] = digest.due(clock.now())

    assert digest.send_digest(user_id, due_at, now=clock.now(), settings=settings)
    db.session.commit()
    # A second worker that read the same due date before the first committed finds it taken.
    assert not digest.send_digest(user_id, due_at, now=clock.now(), settings=settings)
    assert outbox_count() == 1


def test_going_back_to_a_mail_for_each_event_sends_what_the_digest_held(
    app, runner, world, follow, client, settings
):
    follow("/fr/topics/ethics")
    choose(client, world, "weekly")
    services.publish_event(world.draft(), now=clock.now(), settings=settings)
    db.session.commit()
    choose(client, world, "each")

    run_digest_job(app, runner)
    assert outbox_count() == 1
    services.publish_event(world.draft(), now=clock.now(), settings=settings)
    db.session.commit()
    assert outbox_count() == 2  # at once again
