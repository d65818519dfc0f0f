"""API: messages"""

from __future__ import annotations
