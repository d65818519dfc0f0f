"""Following by mail: one mail per new event in the follower's language, with one-click unfollow."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from eventapp.events import services
from eventapp.extensions import clock, db
from eventapp.follows.models import Follow
from eventapp.mail.models import OutboxMessage


def publish(event, settings):
    services.publish_event(event, now=clock.now(), settings=settings)
    db.session.commit()


def outbox_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def follows_of(user) -> set[tuple[str, int]]:
    db.session.commit()
    return {
        (f.kind, f.target_id)
        for f in db.session.scalars(select(Follow).where(Follow.user_id == user.id))
    }


def test_a_new_event_matching_two_follows_is_one_mail_in_french_with_one_click_headers(
    world, follow, settings, smtp, deliver
):
    assert follow("/fr/topics/ethics").status_code == 302
    assert follow("/fr/series/ai-seminar").status_code == 302
    event = world.draft(title_fr="Éthique des agents", title_en="Agents' ethics")

    publish(event, settings)
    assert "1 sent" in deliver()

    [mail] = smtp.accepted
    assert mail["To"] == "zoe@example.org"
    assert mail["Subject"] == "Nouvel événement : Éthique des agents"
    assert mail["Content-Language"] == "fr"
    unsubscribe = re.fullmatch(
        r"<(https://events\.example\.org/fr/unsubscribe/[\w.-]+)>", mail["List-Unsubscribe"]
    )
    assert unsubscribe, mail["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = next(mail.iter_parts()).get_content()
    assert f"https://events.example.org/fr/events/{event.id}" in text
    assert "Éthique" in text and "Séminaire IA" in text  # why it came: both follows named


def test_the_one_click_post_needs_no_cookie_nor_token_and_nothing_more_is_sent(
    app: Flask, world, follow, settings, smtp, deliver
):
    follow("/fr/topics/ethics")
    follow("/fr/series/ai-seminar")
    publish(world.draft(), settings)
    deliver()
    url = smtp.accepted[0]["List-Unsubscribe"].strip("<>")

    stranger = app.test_client()  # no session, no CSRF token: a mail client
    answer = stranger.post(url, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert follows_of(world.zoe) == set()
    assert stranger.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200

    before = outbox_count()
    publish(world.draft(), settings)
    assert outbox_count() == before


def test_a_get_on_the_link_only_asks(app, world, follow, settings, smtp, deliver):
    follow("/fr/topics/ethics")
    publish(world.draft(), settings)
    deliver()
    url = smtp.accepted[0]["List-Unsubscribe"].strip("<>")

    page = app.test_client().get(url)

    assert page.status_code == 200
    assert (
        f'<form method="post" action="{url.removeprefix("https://events.example.org")}">'
        in page.text
    )
    assert "Éthique" in page.text
    assert follows_of(world.zoe) == {("topic", world.topic.id)}


def test_a_tampered_link_changes_nothing(app, world, follow, settings, smtp, deliver):
    follow("/fr/topics/ethics")
    publish(world.draft(), settings)
    deliver()
    url = smtp.accepted[0]["List-Unsubscribe"].strip("<>")
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")

    for method in ("get", "post"):
        answer = getattr(app.test_client(), method)(tampered)
        assert answer.status_code == 404
        assert "pas valide" in answer.text
    assert follows_of(world.zoe) == {("topic", world.topic.id)}


def test_publishing_again_after_unpublishing_or_restoring_sends_nothing_more(
    world, follow, settings
):
    follow("/fr/topics/ethics")
    event = world.draft()
    publish(event, settings)
    assert outbox_count() == 1

    services.unpublish_event(event, now=clock.now())
    publish(event, settings)
    services.cancel_event(event, now=clock.now(), settings=settings)
    services.restore_event(event, now=clock.now())
    db.session.commit()

    assert outbox_count() == 1


def test_drafts_past_events_and_people_who_follow_something_else_get_nothing(
    world, follow, settings, make_event
):
    follow("/fr/topics/ethics")
    world.draft()  # stays a draft
    began = world.draft()
    began.start_at = clock.now() - timedelta(hours=1)
    began.end_at = clock.now() + timedelta(hours=1)
    db.session.commit()
    publish(began, settings)
    elsewhere = make_event(status="draft", site="oxford")
    publish(elsewhere, settings)

    assert outbox_count() == 0


def test_an_event_at_a_followed_site_or_by_a_followed_speaker_or_host_is_mailed(
    world, follow, settings, make_event
):
    event = make_event(status="draft", site="oxford", speakers=1, organisations=1, sessions=1)
    follow(f"/fr/speakers/{event.sessions[0].speakers[0].id}")
    follow(f"/fr/organisations/{event.organisations[0].slug}")
    follow("/fr/sites/oxford")

    publish(event, settings)

    assert outbox_count() == 1


def test_an_import_that_publishes_at_once_tells_the_followers_and_a_waiting_one_does_not(
    world, follow, settings, sites
):
    from eventapp.imports.models import Source
    from eventapp.imports.parse import Item, Parsed
    from eventapp.imports.upsert import apply_items
    from eventapp.reference.models import Organisation

    follow("/fr/series/ai-seminar")
    host = Organisation(slug="host", name_en="Host", site=sites["paris-saclay"])
    start = clock.now() + timedelta(days=3)
    sources = {
        publish: Source(name=f"Feed {publish}", url=f"https://example.org/{publish}.ics",
                        organisation=host, site=sites["paris-saclay"], series=world.series,
                        publish=publish)
        for publish in (True, False)
    }  # fmt: skip
    db.session.add_all(sources.values())
    db.session.flush()
    for publish, source in sources.items():
        item = Item(f"uid-{publish}", "", start, start + timedelta(hours=1), False, "Imported")
        apply_items(source, Parsed(items=[item]), now=clock.now(), settings=settings)
    db.session.commit()

    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == "zoe@example.org" and mail.subject == "Nouvel événement : Imported"


def test_a_follower_whose_address_cannot_take_mail_does_not_stop_the_publishing(
    world, follow, settings, make_user
):
    from eventapp.follows.services import follow as follow_row

    follow("/fr/topics/ethics")
    odd = make_user("odd@example.org")
    odd.email = "odd,two@example.org"  # as an old import might have left it
    follow_row(odd.id, "topic", world.topic.id, now=clock.now())
    db.session.commit()
    event = world.draft()

    publish(event, settings)

    assert db.session.get(type(event), event.id).status == "published"
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["zoe@example.org"]


def test_an_organiser_publishing_from_the_workspace_tells_the_followers(
    app, world, follow, make_user, sites
):
    from support import log_in_as

    from eventapp.reference.models import Organisation

    follow("/fr/series/ai-seminar")
    host = Organisation(slug="host-org", name_en="Host", site=sites["paris-saclay"])
    event = world.draft()
    event.organisations = [host]
    db.session.commit()
    organiser = app.test_client()
    log_in_as(organiser, make_user("org@example.org", organisations=[host]))

    html = organiser.get(f"/en/workspace/events/{event.id}/edit").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    answer = organiser.post(f"/en/workspace/events/{event.id}/publish", data={"csrf_token": token})

    assert answer.status_code == 302
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == "zoe@example.org"
