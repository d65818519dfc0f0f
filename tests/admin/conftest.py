"""An admin signed in on the test client."""

from __future__ import annotations

import pytest
from support import log_in_as


@pytest.fixture
def admin(make_user):
    return make_user("admin@example.org", role="admin", name="Ada Admin")


@pytest.fixture
def admin_client(client, admin):
    return log_in_as(client, admin)
