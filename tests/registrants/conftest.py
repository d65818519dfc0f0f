"""The registrants' tests live in the world of tests/world.py (and the door's, door_world.py)."""

from door_world import bearer, door  # noqa: F401
from world import csrf, fresh, hosted, login, sessions_of, submit, world  # noqa: F401
