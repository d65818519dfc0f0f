"""The check-in page: the door, on a phone."""

from __future__ import annotations
