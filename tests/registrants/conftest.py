"""The registrants' tests live in the world of tests/world.py."""

from world import csrf, fresh, hosted, login, sessions_of, submit, world  # noqa: F401
