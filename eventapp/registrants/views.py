"""The registrants' pages in the workspace, for the event's hosts and admins."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registrants", __name__, url_prefix="/<lang>/workspace/events/<int:event_id>")


from eventapp.registrants import checkin_views, message_views  # noqa: E402,F401  (their routes)
