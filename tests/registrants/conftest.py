"""The registrants' tests live in the world of tests/world.py."""

from roster_support import roster, tokens  # noqa: F401  (the registrants' list's fixtures)
from world import csrf, fresh, hosted, login, sessions_of, submit, world  # noqa: F401
