"""The permission walk: every route of the URL map, for every role, and who gets through.

The table below names what each endpoint expects. A route the table does not know fails the walk
("add the new route to the permission table"), so that no new route can slip past it. Pages are
visited with a signed-in session (and a real CSRF token on POST, so that the gate, not the CSRF
check, answers); API routes with a bearer token. An empty change that a form or service refuses
(400, or 409 for a state that forbids it) has got through the gate; what a role may not do must
answer exactly 403 (or the log-in redirect / 401 for anonymous visitors).
"""

from __future__ import annotations

from dataclasses import dataclass

from route_world import route_world_fixture, url_values, visit  # noqa: F401  (the fixture)

from eventapp.extensions import db

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

# A source of A's: B's organisers find no such source; attendees are turned away first.
SOURCE_OF_A = Access(
    "organisers of A's source", {**HOSTS_OF_A.outcomes, "organiser_b": "status 404"}
)

REFERENCE_KINDS = ("organisations", "venues", "series", "topics", "people")

# Endpoint -> who gets through (one Access, or one per method).
TABLE: dict[str, Access | dict[str, Access]] = {
    "index": PUBLIC,
    "healthz": PUBLIC,
    "favicon": PUBLIC,
    "events.home": PUBLIC,
    "events.index": PUBLIC,
    "events.detail": PUBLIC,
    "events.past": PUBLIC,
    **{
        f"reference.{name}{suffix}": PUBLIC
        for name in ("series", "site", "topic", "organisation", "speaker")
        for suffix in ("", "_past")
    },
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
    "api.list_sources": ORGANISERS,
    "api.create_source": ORGANISERS,
    "api.get_source": SOURCE_OF_A,
    "api.update_source": SOURCE_OF_A,
    "api.delete_source": SOURCE_OF_A,
    "api.sync_source": SOURCE_OF_A,
    "workspace.sources": ORGANISERS,
    "workspace.new_source": ORGANISERS,
    "workspace.edit_source": SOURCE_OF_A,
    "workspace.delete_source": SOURCE_OF_A,
    "workspace.sync_source": SOURCE_OF_A,
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
            "detach_event",
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
    # Following by mail: the buttons need a session; the mail's unsubscribe link is its own key.
    "follows.follow": SIGNED_IN,  # an empty POST is refused (400): nothing followed
    "follows.unfollow": SIGNED_IN,
    "follows.choose_mail": SIGNED_IN,
    "follows.unsubscribe": PUBLIC,
    "api.my_follows": SIGNED_IN,
    "api.follow": SIGNED_IN,  # an empty body is refused (400)
    "api.unfollow": SIGNED_IN,
    "api.choose_mail": SIGNED_IN,
    "api.delete_me": SIGNED_IN,  # without a password: 400
    "registrants.messages": HOSTS_OF_A,
    "api.send_message": HOSTS_OF_A,
    # Check-in at the door: the event's hosts (the registrations' event is hosted by A).
    "registrants.check_in": HOSTS_OF_A,
    "registrants.mark": HOSTS_OF_A,
    "api.check_in": HOSTS_OF_A,
}


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


def test_every_route_lets_through_exactly_whom_it_should(app, route_world):
    app.config["AUTH_RATE_LIMIT"] = "10000 per minute"  # the walk logs in many times
    assert walk(app, route_world, TABLE) == []


def test_the_walk_notices_a_new_route_and_a_wrong_gate(app, route_world):
    before = untabled(app, TABLE)[0]
    app.add_url_rule("/<lang>/forgotten", "forgotten", lambda: "open to all")
    assert untabled(app, TABLE)[0] == sorted([*before, "forgotten"])
    wrong = walk(app, route_world, {"forgotten": ADMIN, "admin.sites": PUBLIC})
    assert len(wrong) == 8  # four roles let in where they should not be, four kept out
    assert "GET /en/forgotten as attendee: allowed, expected forbidden" in wrong
    assert "GET /en/admin/sites/ as anonymous: login required, expected allowed" in wrong
