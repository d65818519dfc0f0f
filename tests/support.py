"""Helpers the tests import: `from support import need` (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import os

import pytest

REQUIRED = os.environ.get("EVENTAPP_REQUIRE_ALL") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip when a real part is missing on this machine; fail instead where CI requires it."""
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"required by CI but missing: {reason}")
    pytest.skip(reason)
