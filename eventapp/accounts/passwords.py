"""The one rule a new password must pass, on sign-up, reset, change and `create-user` alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_PASSWORD = 10
MAX_PASSWORD = 200
_COMMON = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of passwords that attackers try first (lower case)."""
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str):
    """Why `password` may not be used (a translatable message), or None when it may."""
    if len(password) < MIN_PASSWORD:
        return _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _l("The password must have at most %(n)d characters.", n=MAX_PASSWORD)
    if len(set(password)) == 1:
        return _l("The password cannot be one character repeated.")
    if password.lower() in common_passwords():
        return _l("This password is one of the most common ones: choose another.")
    return None
