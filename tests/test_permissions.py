"""The permission walk: every route of the URL map, for every role, and who gets through.

The table below names what each endpoint expects. A route the table does not know fails the walk
("add the new route to the permission table"), so that no new route can slip past it. Pages are
visited with a signed-in session (and a real CSRF token on POST, so that the gate, not the CSRF
check, answers); API routes with a bearer token. An empty change that a form or service refuses
(400, or 409 for a state that forbids it) has got through the gate; what a role may not do must
answer exactly 403 (or the log-in redirect / 401 for anonymous visitors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from support import log_in_as

from eventapp.accounts import services as accounts
from eventapp.accounts import signing
from eventapp.events import hosts
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Person, Series, Topic
from eventapp.settings import current_settings

ROLES = ("anonymous", "attendee", "organiser_a", "organiser_b", "admin")
ALLOWED, LOGIN, FORBIDDEN = "allowed", "login required", "forbidden"


@dataclass(frozen=True)
class Access:
    """Who gets through a route: the outcome for each role."""

    name: str
    outcomes: dict[str, str]


def _access(name: str, *allowed: str) -> Access:
    outcomes = {role: ALLOWED if role in allowed else FORBIDDEN for role in ROLES}
    if "anonymous" not in allowed:
        outcomes["anonymous"] = LOGIN
    return Access(name, outcomes)


PUBLIC = _access("public", *ROLES)
SIGNED_IN = _access("signed in", "attendee", "organiser_a", "organiser_b", "admin")
ORGANISERS = _access("organisers", "organiser_a", "organiser_b", "admin")
HOSTS_OF_A = _access("hosts of event A", "organiser_a", "admin")  # for event-editing routes
ADMIN = _access("admins", "admin")
# Answering an invitation of A to co-host: A's organisers and admins; B's find no such invitation.
INVITED_A = Access(
    "organisers of the invited A",
    {**HOSTS_OF_A.outcomes, "organiser_b": "status 404"},
)
# The same through the API, where no workspace gate comes first: 404 for all but A's and admins.
INVITED_A_API = Access(
    "organisers of the invited A (API)",
    {**INVITED_A.outcomes, "attendee": "status 404"},
)

REFERENCE_KINDS = ("organisations", "venues", "series", "topics", "people")

# Endpoint -> who gets through (one Access, or one per method).
TABLE: dict[str, Access | dict[str, Access]] = {
    "index": PUBLIC,
    "healthz": PUBLIC,
    "events.home": PUBLIC,
    "events.index": PUBLIC,
    "events.detail": PUBLIC,
    "reference.series": PUBLIC,
    "reference.site": PUBLIC,
    "feeds.events_feed": PUBLIC,
    "feeds.event_feed": PUBLIC,
    "accounts.signup": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.confirm": PUBLIC,
    "accounts.reset_request": PUBLIC,
    "accounts.reset": PUBLIC,
    "accounts.profile": SIGNED_IN,
    "accounts.create_token": SIGNED_IN,
    "accounts.revoke_token": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,  # without the passwords: 400
    "accounts.log_out_everywhere": SIGNED_IN,
    "api.list_events": PUBLIC,
    "api.get_event": PUBLIC,
    "api.openapi": PUBLIC,
    "api.me": SIGNED_IN,
    "admin.home": ADMIN,
    "admin.sites": ADMIN,
    "admin.users": ADMIN,
    "admin.user": ADMIN,
    "admin.grant": ADMIN,
    "admin.withdraw": ADMIN,
    "admin.make_admin": ADMIN,
    "admin.unmake_admin": ADMIN,
    "workspace.dashboard": ORGANISERS,
    "workspace.new_event": ORGANISERS,
    **{
        f"workspace.{name}": HOSTS_OF_A
        for name in (
            "edit_event",
            "history",
            "timetable",
            "edit_session",
            "remove_session",
            "publish",
            "unpublish",
            "cancel",
            "delete",
            "duplicate",
            "move",
        )
    },  # fmt: skip
    "workspace.accept_invitation": INVITED_A,
    "workspace.decline_invitation": INVITED_A,
    "api.list_invitations": SIGNED_IN,
    "api.accept_invitation": INVITED_A_API,
    "api.decline_invitation": INVITED_A_API,
    "api.create_event": ORGANISERS,
    "api.update_event": HOSTS_OF_A,
    "api.delete_event": HOSTS_OF_A,
    "api.get_session": PUBLIC,
    "api.create_session": HOSTS_OF_A,
    "api.update_session": HOSTS_OF_A,
    "api.delete_session": HOSTS_OF_A,
    **{f"api.{kind}_{op}": PUBLIC for kind in REFERENCE_KINDS for op in ("list", "get")},
    **{f"api.{kind}_{op}": ADMIN for kind in REFERENCE_KINDS for op in ("create", "update")},
    **{
        f"admin.{kind}{suffix}": ADMIN
        for kind in REFERENCE_KINDS
        for suffix in ("", "_new", "_edit", "_delete")
    },
    # Registrations: a signed link (or the personal feed's token) is the credential.
    **{
        f"registrations.{name}": PUBLIC
        for name in (
            "register_guest",
            "check_inbox",
            "manage",
            "confirm",
            "cancel",
            "change_sessions",
        )
    },  # fmt: skip
    "registrations.register": SIGNED_IN,
    "registrations.my_events": SIGNED_IN,
    "registrations.manage_mine": SIGNED_IN,  # each role opens its own registration
    "registrations.new_feed": SIGNED_IN,
    "feeds.personal_feed": PUBLIC,
    "api.register": SIGNED_IN,
    "api.my_registrations": SIGNED_IN,
    "api.cancel": SIGNED_IN,  # each role cancels its own registration
    "api.new_personal_feed": SIGNED_IN,
    # The registrants' list and its CSV: the event's hosts and admins.
    "registrants.registrations": HOSTS_OF_A,
    "registrants.registrations_csv": HOSTS_OF_A,
    "api.list_registrants": HOSTS_OF_A,
    "api.registrants_csv": HOSTS_OF_A,
    # A person's data: their own, from a session, a token, or the signed link of a registration.
    "personal.privacy": PUBLIC,
    "personal.erased": PUBLIC,
    "personal.download": SIGNED_IN,
    "personal.delete_account": SIGNED_IN,  # an empty POST is refused (400): nobody is deleted
    "personal.guest_download": PUBLIC,
    "personal.guest_erase": PUBLIC,  # unticked: refused (400), nothing erased
    "api.export_me": SIGNED_IN,
    "api.delete_me": SIGNED_IN,  # without a password: 400
    "registrants.messages": HOSTS_OF_A,
    "api.send_message": HOSTS_OF_A,
    # Check-in at the door: the event's hosts (the registrations' event is hosted by A).
    "registrants.check_in": HOSTS_OF_A,
    "registrants.mark": HOSTS_OF_A,
    "api.check_in": HOSTS_OF_A,
}


@pytest.fixture
def world(app, make_event, make_user, sites):
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

    def inviting_a():
        """A fresh event hosted by B that invites A to co-host."""
        fresh = make_event(sessions=1, site="oxford")
        fresh.organisations = [org_b]
        db.session.flush()
        hosts.name_hosts(fresh, [org_b, org_a], actor=users["organiser_b"], now=clock.now())
        db.session.commit()
        return fresh

    return SimpleNamespace(
        fresh_event=fresh_event, inviting_a=inviting_a, event=event, org_a=org_a, series=series,
        users=users,
        target=target, api_tokens=api_tokens, spare_ids=spare_ids, **registrations,
        confirm=signing.make_token(
            secret, signing.CONFIRM_SALT, target.id, target.password_hash, now=now
        ),
        reset=signing.make_token(
            secret, signing.RESET_SALT, target.id, target.password_hash, now=now
        ),
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
    by_endpoint = {
        "events.detail": {"slug": event.slug("en")},
        "reference.series": {"slug": world.series.slug},
        "reference.site": {"slug": "paris-saclay"},
        "accounts.confirm": {"token": world.confirm},
        "accounts.reset": {"token": world.reset},
        "feeds.personal_feed": {"token": world.feed_token},
        **{
            f"registrations.{name}": {"token": world.registration_link}
            for name in ("manage", "confirm", "cancel", "change_sessions")
        },
        "personal.guest_download": {"token": world.registration_link},
        "personal.guest_erase": {"token": world.registration_link},
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
    values = {**common, **by_endpoint.get(endpoint, {})}
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


def outcome(response, method: str, is_api: bool) -> str:
    status = response.status_code
    to_login = status == 302 and "/account/login" in response.location
    if (is_api and status == 401) or (not is_api and to_login):
        return LOGIN
    if status == 403:
        return FORBIDDEN
    # An empty change refused after the gate (400, or 409 for a state that forbids it) got through.
    if status < 400 or (status in (400, 409) and method != "GET"):
        return ALLOWED
    return f"status {status}"


def untabled(app, table: dict) -> tuple[list[str], list[str]]:
    """Endpoints the table lacks, and entries for endpoints that are gone."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    return sorted(endpoints - set(table)), sorted(set(table) - endpoints)


def walk(app, world, table: dict) -> list[str]:
    """Every rule of `table`'s endpoints, every method, every role: what went otherwise."""
    wrong = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint not in table:
            continue
        is_api = rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            access = table[rule.endpoint]
            access = access[method] if isinstance(access, dict) else access
            for role in ROLES:
                db.session.rollback()  # a new snapshot: see what the requests committed
                with app.test_request_context():
                    values = url_values(rule.endpoint, set(rule.arguments), world, role, method)
                    path = app.url_for(rule.endpoint, **values)
                got = outcome(visit(app, world, role, path, method, is_api), method, is_api)
                if got != access.outcomes[role]:
                    expected = access.outcomes[role]
                    wrong.append(f"{method} {path} as {role}: {got}, expected {expected}")
    return wrong


def test_every_route_is_in_the_table(app):
    missing, stale = untabled(app, TABLE)
    assert not missing, f"add the new route to the permission table: {missing}"
    assert not stale, f"these routes are gone; remove them from the permission table: {stale}"


def test_every_route_lets_through_exactly_whom_it_should(app, world):
    app.config["AUTH_RATE_LIMIT"] = "10000 per minute"  # the walk logs in many times
    assert walk(app, world, TABLE) == []


def test_the_walk_notices_a_new_route_and_a_wrong_gate(app, world):
    before = untabled(app, TABLE)[0]
    app.add_url_rule("/<lang>/forgotten", "forgotten", lambda: "open to all")
    assert untabled(app, TABLE)[0] == sorted([*before, "forgotten"])
    wrong = walk(app, world, {"forgotten": ADMIN, "admin.sites": PUBLIC})
    assert len(wrong) == 8  # four roles let in where they should not be, four kept out
    assert "GET /en/forgotten as attendee: allowed, expected forbidden" in wrong
    assert "GET /en/admin/sites/ as anonymous: login required, expected allowed" in wrong
