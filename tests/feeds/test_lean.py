"""A feed request opens no session: a signed-in browser's feed answers are shared ones, and its
session is left as it was."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask_limiter import Limiter
from support import log_in_as

from eventapp.extensions import limiter as app_limiter
from eventapp.feeds.lean import FeedlessSessions, limited_feed_routes, refuse_feed_limits

LIST = "/feeds/en/events.ics"


def test_the_app_opens_no_session_for_feeds_only(app):
    assert isinstance(app.session_interface, FeedlessSessions)


def test_a_signed_in_browser_gets_the_shared_answer_and_stays_signed_in(
    client, make_event, make_user
):
    make_event()
    anonymous = client.get(LIST)
    user = make_user("reader@example.org", name="Reader")
    log_in_as(client, user)
    signed_in = client.get(LIST)
    assert signed_in.status_code == 200
    assert signed_in.data == anonymous.data
    assert signed_in.headers["ETag"] == anonymous.headers["ETag"]
    assert "Set-Cookie" not in signed_in.headers
    assert "Cookie" not in signed_in.headers.get("Vary", "")
    assert signed_in.headers["Content-Security-Policy"]  # the security headers stay
    assert signed_in.headers["X-Content-Type-Options"] == "nosniff"
    fresh = client.get(LIST, headers={"If-None-Match": signed_in.headers["ETag"]})
    assert fresh.status_code == 304
    assert "Set-Cookie" not in fresh.headers
    assert fresh.headers["X-Frame-Options"] == "DENY"
    # The session cookie still opens the account on a page.
    assert "Reader" in client.get("/en/events/").get_data(as_text=True)


def _app_with(limiter: Limiter, limited_feed: bool) -> Flask:
    app = Flask(__name__)
    limiter.init_app(app)
    feeds = Blueprint("feeds", __name__, url_prefix="/feeds")

    def feed():
        return "BEGIN:VCALENDAR"

    def page():
        return "page"

    feed_view = limiter.limit("5/minute")(feed) if limited_feed else feed
    feeds.add_url_rule("/en/events.ics", view_func=feed_view)
    app.register_blueprint(feeds)
    app.add_url_rule("/login", view_func=limiter.limit("5/minute")(page))
    return app


def test_a_limit_on_a_feed_route_stops_the_app_from_starting():
    """Feed requests skip the limiter's hooks: a limit put there would silently not apply, so the
    app refuses to start with one rather than serve an unlimited route that claims a limit."""
    limiter = Limiter(key_func=lambda: "reader", default_limits=[])
    app = _app_with(limiter, limited_feed=True)
    assert limited_feed_routes(app, limiter) == ["/feeds/en/events.ics"]
    with pytest.raises(RuntimeError, match="/feeds/en/events.ics"):
        refuse_feed_limits(app, limiter)


def test_limits_elsewhere_and_defaults_are_told_apart():
    limiter = Limiter(key_func=lambda: "reader", default_limits=[])
    app = _app_with(limiter, limited_feed=False)
    assert limited_feed_routes(app, limiter) == []  # a limited log-in route is fine
    everywhere = Limiter(key_func=lambda: "reader", default_limits=["100/minute"])
    assert limited_feed_routes(_app_with(everywhere, limited_feed=False), everywhere) == [
        "/feeds/en/events.ics"
    ]


def test_the_app_itself_has_no_limited_feed_route(app):
    assert limited_feed_routes(app, app_limiter) == []
