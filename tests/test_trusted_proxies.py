"""Behind a reverse proxy, rate limits count per client only when the proxy is trusted
(EVENTAPP_TRUSTED_PROXIES), and a client's own X-Forwarded-For never escapes a limit."""

from __future__ import annotations

import pytest

from eventapp import create_app
from eventapp.config import load_config

PROXY = "10.0.0.2"  # every request arrives from the proxy's address


@pytest.fixture
def login_attempts(app, database_url):
    """Failed log-ins through an app trusting `proxies` proxies: which were rate-limited."""

    def attempts(proxies: int, forwarded_for: list[str]) -> list[bool]:
        behind = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "WTF_CSRF_ENABLED": False,
                "TRUSTED_PROXIES": proxies,
                # A limit of its own, counted apart from other tests' log-ins.
                "AUTH_RATE_LIMIT": f"2 per minute; {50 + proxies} per hour",
            }
        )
        client = behind.test_client()
        data = {"email": "nobody@example.org", "password": "wrong password"}
        return [
            client.post(
                "/en/account/login",
                data=data,
                headers={"X-Forwarded-For": address},
                environ_base={"REMOTE_ADDR": PROXY},
            ).status_code
            == 429
            for address in forwarded_for
        ]

    return attempts


def test_behind_a_trusted_proxy_each_client_has_its_own_count(login_attempts):
    first, second = "203.0.113.7", "203.0.113.8"
    limited = login_attempts(1, [first, first, first, second])
    assert limited == [False, False, True, False]


def test_a_client_cannot_forge_its_way_past_the_proxy(login_attempts):
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    limited = login_attempts(1, ["198.51.100.1, 203.0.113.9", "198.51.100.2, 203.0.113.9"] * 2)
    assert limited == [False, False, True, True]


def test_without_trusted_proxies_the_header_is_ignored(login_attempts):
    # A direct client could otherwise claim a new address on every request.
    limited = login_attempts(0, ["203.0.113.10", "203.0.113.11", "203.0.113.12"])
    assert limited == [False, False, True]


def test_the_number_of_proxies_comes_from_the_environment(monkeypatch, tmp_path):
    assert load_config(str(tmp_path))["TRUSTED_PROXIES"] == 0
    monkeypatch.setenv("EVENTAPP_TRUSTED_PROXIES", "2")
    assert load_config(str(tmp_path))["TRUSTED_PROXIES"] == 2
