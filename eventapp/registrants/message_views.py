"""Writing to an event's registrants: compose, preview, send once."""

from __future__ import annotations
