"""Guest registrations are rate-limited per IP and per address, shared through Redis when set."""

from __future__ import annotations

import socket

import pytest
from support import need

from eventapp import create_app
from eventapp.extensions import clock


@pytest.fixture
def guest_post(client, post_form, make_event):
    event = make_event(capacity=50)
    url = f"/en/events/{event.id}/guest"

    def post(email: str, ip: str = "192.0.2.1") -> int:
        data = {"name": "G", "email": email, "consent": "y"}
        page = f"/en/events/{event.id}"
        return post_form(url, data, page=page, environ_base={"REMOTE_ADDR": ip}).status_code

    return post


def test_per_ip(app, guest_post):
    app.config["GUEST_RATE_LIMIT"] = "3 per minute"
    codes = [guest_post(f"g{n}@example.org") for n in range(4)]
    assert codes == [302, 302, 302, 429]
    assert guest_post("other@example.org", ip="192.0.2.2") == 302


def test_per_address_whatever_the_ip_and_the_case(app, guest_post):
    app.config["GUEST_ADDRESS_RATE_LIMIT"] = "2 per minute"
    codes = [
        guest_post(email, ip=f"192.0.2.{n}")
        for n, email in enumerate(["a@example.org", "A@Example.org ", "a@example.org"])
    ]
    assert codes == [302, 302, 429]
    assert guest_post("b@example.org", ip="192.0.2.9") == 302


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_two_processes_share_the_count_through_redis(app, database_url, make_event):
    need(_redis_up(), "Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()
    event = make_event(capacity=50)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14",
        "WTF_CSRF_ENABLED": False,
        "GUEST_ADDRESS_RATE_LIMIT": "1 per minute",
        "EVENTAPP_CLOCK_START": clock.now(),
    }
    first, second = create_app(config), create_app(config)
    data = {"name": "G", "email": "same@example.org", "consent": "y"}
    url = f"/en/events/{event.id}/guest"
    codes = [
        first.test_client().post(url, data=data).status_code,
        second.test_client().post(url, data=data).status_code,
    ]
    assert codes == [302, 429]
