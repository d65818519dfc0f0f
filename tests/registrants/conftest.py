"""The registrants' tests live in the world of tests/world.py; messages and the door add theirs."""

from door_world import door  # noqa: F401
from message_support import bearer, mails, people  # noqa: F401
from roster_support import roster, tokens  # noqa: F401  (the registrants' list's fixtures)
from world import csrf, fresh, hosted, login, sessions_of, submit, world  # noqa: F401
