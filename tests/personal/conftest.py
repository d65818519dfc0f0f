"""The tests of a person's data live in the world of tests/world.py and tests/personal_world.py."""

from mail.conftest import smtp_server  # noqa: F401  (a real SMTP server, for send-mail)
from personal_world import (  # noqa: F401
    attended_past_event,
    bearer,
    full_event,
    person,
    traces,
    worker_delivers,
)
from world import csrf, fresh, hosted, login, submit, world  # noqa: F401
