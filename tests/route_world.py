"""The routes' world: organisations A and B, an event of A's with everything it refers to, a user
of every role with a session or a token, and real values for every route's URL arguments.

The permission walk (test_permissions.py) and the hostile-input walk (test_hostile_walk.py) visit
every route of the URL map with it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from support import log_in_as

from eventapp.accounts import services as accounts
from eventapp.accounts import signing
from eventapp.events import hosts
from eventapp.extensions import clock, db
from eventapp.follows import tokens as follow_tokens
from eventapp.imports.models import Source
from eventapp.reference.models import Organisation, Person, Series, Topic
from eventapp.settings import current_settings


@pytest.fixture(name="route_world")
def route_world_fixture(app, make_event, make_user, sites):
    """Organisations A and B, an event hosted by A with everything it refers to, and the roles."""
    org_a = Organisation(slug="org-a", name_en="A", site=sites["paris-saclay"])
    org_b = Organisation(slug="org-b", name_en="B", site=sites["oxford"])
    series = Series(slug="series-a", title_en="Series A")
    event = make_event(sessions=1, series=series, organisations=0)
    event.organisations = [org_a]
    event.topics = [Topic(slug="topic-a", name_en="Topic A")]
    event.speakers = [Person(name="Speaker A")]
    make_event(site="oxford").organisations = [org_b]
    db.session.commit()
    users = {
        "attendee": make_user("attendee@example.org"),
        "organiser_a": make_user("a@example.org", organisations=[org_a]),
        "organiser_b": make_user("b@example.org", organisations=[org_b]),
        "admin": make_user("admin@example.org", role="admin"),
    }
    target = make_user("target@example.org", organisations=[org_a])
    now = clock.now()
    api_tokens = {role: accounts.create_token(user, now=now) for role, user in users.items()}
    for user in users.values():
        accounts.create_token(user, now=now)  # a spare one, for the revoking route
    db.session.commit()
    spare_ids = {role: max(t.id for t in user.tokens) for role, user in users.items()}
    taken = make_event(capacity=50)
    taken.organisations = [org_a]
    registrations = _registrations(taken, users, target)
    secret, now = app.config["SECRET_KEY"], clock.now()

    def fresh_event():
        fresh = make_event(sessions=1)
        fresh.organisations = [org_a]
        db.session.commit()
        return fresh

    def fresh_source():
        """A source of A's whose feed nobody serves (a closed port: a quick failed sync)."""
        source = Source(name="Feed A", url="https://127.0.0.1:9/a.ics", organisation=org_a,
                        site=sites["paris-saclay"])  # fmt: skip
        db.session.add(source)
        db.session.commit()
        return source

    source = fresh_source()

    def inviting_a():
        """A fresh event hosted by B that invites A to co-host."""
        fresh = make_event(sessions=1, site="oxford")
        fresh.organisations = [org_b]
        db.session.flush()
        hosts.name_hosts(fresh, [org_b, org_a], actor=users["organiser_b"], now=clock.now())
        db.session.commit()
        return fresh

    return SimpleNamespace(
        fresh_event=fresh_event, inviting_a=inviting_a,
        fresh_source=fresh_source, source=source, event=event, org_a=org_a, series=series,
        users=users,
        target=target, api_tokens=api_tokens, spare_ids=spare_ids, **registrations,
        confirm=signing.make_token(
            secret, signing.CONFIRM_SALT, target.id, target.password_hash, now=now
        ),
        reset=signing.make_token(
            secret, signing.RESET_SALT, target.id, target.password_hash, now=now
        ),
        unfollow=follow_tokens.make_token(secret, target.id, None),
    )  # fmt: skip


def _registrations(event, users, feed_owner) -> dict:
    """A registration per role (each cancels its own), a guest's mailed link, a feed token
    (of someone outside the roles, whose walk makes new ones)."""
    from eventapp.feeds.tokens import new_feed_token
    from eventapp.registrations import links, services

    now = clock.now()
    ids = {
        role: services.register(
            event, services.Attendee.of(user), settings=current_settings(), now=now
        ).id
        for role, user in users.items()
    }
    guest = services.register(
        event,
        services.Attendee("guest@example.org", "Guest"),
        settings=current_settings(),
        now=now,
        guest=True,
    )
    feed = new_feed_token(feed_owner, secret="test")
    link = links.new_token(guest, now=now)
    db.session.commit()
    return {
        "registration_ids": ids,
        "registration_link": link,
        "feed_token": feed,
    }


def url_values(endpoint: str, arguments: set[str], world, role: str, method: str) -> dict:
    """Real ids and slugs for the rule's arguments (row A's, or the role's own token).

    A change to an event (even a refused one may cancel or delete it) gets an event of its own.
    """
    event, kind = world.event, endpoint.rpartition(".")[2].rsplit("_", 1)[0]
    rows = {
        "organisations": world.org_a, "venues": event.venue, "series": world.series,
        "topics": event.topics[0], "people": event.speakers[0],
    }  # fmt: skip
    if endpoint.endswith("_invitation"):
        event = world.inviting_a()
    elif method != "GET" and arguments & {"event_id", "session_id"}:
        event = world.fresh_event()
    if "source_id" in arguments:  # a change may delete it: a source of its own
        source = world.source if method == "GET" else world.fresh_source()
        by_endpoint_source = {"source_id": source.id}
    else:
        by_endpoint_source = {}
    by_endpoint = {
        "events.detail": {"slug": event.slug("en")},
        **{
            f"reference.{name}{suffix}": {"slug": slug}
            for name, slug in (
                ("series", world.series.slug),
                ("site", "paris-saclay"),
                ("topic", world.event.topics[0].slug),
                ("organisation", world.org_a.slug),
            )
            for suffix in ("", "_past")
        },
        "reference.speaker": {"person_id": world.event.speakers[0].id},
        "reference.speaker_past": {"person_id": world.event.speakers[0].id},
        "accounts.confirm": {"token": world.confirm},
        "accounts.reset": {"token": world.reset},
        "feeds.personal_feed": {"token": world.feed_token},
        **{
            f"registrations.{name}": {"token": world.registration_link}
            for name in ("manage", "confirm", "cancel", "change_sessions")
        },
        "personal.guest_download": {"token": world.registration_link},
        "personal.guest_erase": {"token": world.registration_link},
        "follows.unsubscribe": {"token": world.unfollow},
    }
    common = {
        "lang": "en",
        "event_id": event.id,
        "session_id": event.sessions[0].id,
        "user_id": world.target.id,
        "organisation_id": world.org_a.id,
        "organisation": world.org_a.slug,
        "token_id": world.spare_ids.get(role, 1),
        "registration_id": world.registration_ids.get(role, 1),
    }
    if kind in rows:  # the reference data screens and API: a row that events use
        row = rows[kind]
        common |= {"item_id": row.id, "key": getattr(row, "slug", None) or str(row.id)}
    values = {**common, **by_endpoint_source, **by_endpoint.get(endpoint, {})}
    unknown = arguments - set(values)
    assert not unknown, f"give {endpoint}'s URL arguments {unknown} a value in url_values()"
    return {name: values[name] for name in arguments}


def visit(app, world, role: str, path: str, method: str, is_api: bool):
    client = app.test_client()
    user = world.users.get(role)
    headers, data = {}, None
    if is_api:
        if user:
            headers["Authorization"] = f"Bearer {world.api_tokens[role]}"
        return client.open(
            path, method=method, headers=headers, json={} if method != "GET" else None
        )
    if user:
        log_in_as(client, user)
    if method != "GET":
        page = client.get("/en/account/login").get_data(as_text=True)
        data = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)}
    return client.open(path, method=method, data=data)
