"""API: checkin"""

from __future__ import annotations
