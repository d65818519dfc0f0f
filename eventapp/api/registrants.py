"""API: registrants"""

from __future__ import annotations
