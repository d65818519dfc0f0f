"""A feed request opens no session: a signed-in browser's feed answers are shared ones, and its
session is left as it was."""

from __future__ import annotations

from support import log_in_as

from eventapp.feeds.lean import FeedlessSessions

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
