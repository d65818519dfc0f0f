"""What the writing endpoints share: who sees and edits what, and refusals as answers."""

from __future__ import annotations

from datetime import datetime

from flask import Response, g, request
from flask_babel import gettext as _

from eventapp import bounds
from eventapp.accounts.models import User
from eventapp.accounts.permissions import may_host
from eventapp.api.auth import bearer_user
from eventapp.api.errors import invalid, json_error
from eventapp.api.shapes.writing import PAIRS, EventRequest
from eventapp.api.validation import Invalid, api_name
from eventapp.events import queries
from eventapp.events.errors import EventError, InvalidInput, NotAllowed
from eventapp.events.models import STATUSES, Event, EventSession
from eventapp.events.services import cancel_event, publish_event, unpublish_event
from eventapp.extensions import db
from eventapp.refusals import status_of
from eventapp.settings import Settings

ErrorAnswer = tuple[Response, int, dict[str, str]]
REFUSALS = (Invalid, InvalidInput, NotAllowed, EventError)


def may_write(user: User) -> bool:
    """Organisers and admins write events; attendees never do."""
    return user.role in ("organiser", "admin")


def visible(event: Event, user: User | None = None) -> bool:
    """Drafts are seen only by those who may edit them (with a bearer token on reading routes)."""
    if event.status in queries.VISIBLE:
        return True
    if user is None and request.headers.get("Authorization"):
        user = bearer_user()
    return may_host(user, event.organisations)


def path_id(raw: str) -> int | None:
    """The id in the path when it is one that can exist, else None."""
    ok = raw.isascii() and raw.isdigit() and 0 < int(raw) <= bounds.MAX_INT
    return int(raw) if ok else None


def editable_event(raw_id: str) -> tuple[Event | None, ErrorAnswer | None]:
    """The event of the path that the token's owner may change, or the error to answer."""
    number = path_id(raw_id)
    event = queries.get_event(number, statuses=STATUSES) if number else None
    if event is None or not visible(event, g.api_user):
        return None, json_error(404, _("There is no event with this id."))
    if not may_host(g.api_user, event.organisations):
        return None, forbidden()
    return event, None


def visible_session(raw_id: str, user: User | None) -> EventSession | None:
    """The session of the path when its event is visible to `user`."""
    number = path_id(raw_id)
    session = db.session.get(EventSession, number) if number else None
    if session is None or not visible(session.event, user):
        return None
    return session


def editable_session(raw_id: str) -> tuple[EventSession | None, ErrorAnswer | None]:
    """The session of the path that the token's owner may change, or the error to answer."""
    session = visible_session(raw_id, g.api_user)
    if session is None:
        return None, json_error(404, _("There is no session with this id."))
    if not may_host(g.api_user, session.event.organisations):
        return None, forbidden()
    return session, None


def forbidden() -> ErrorAnswer:
    return json_error(403, str(NotAllowed.message))


def change_status(
    event: Event, wanted: EventRequest, *, actor: User, now: datetime, settings: Settings
) -> None:
    """Apply the status a body asks for through the life-cycle services."""
    status = wanted.status
    if status is None or status == event.status:
        return
    if status == "published":
        publish_event(event, now=now, actor=actor)
    elif status == "draft":
        unpublish_event(event, now=now, actor=actor)
    else:
        reason = wanted.cancel_reason
        cancel_event(event, now=now, settings=settings, actor=actor,
                     reason_fr=reason.get("fr"), reason_en=reason.get("en"))  # fmt: skip


def refusal(err: Exception, field: str | None = None) -> ErrorAnswer:
    """Undo the request's changes and answer the refusal in the contract's shape."""
    db.session.rollback()
    if isinstance(err, Invalid):
        return invalid(err)
    if isinstance(err, InvalidInput):
        fields = {api_name(name, PAIRS): str(message) for name, message in err.fields.items()}
        return json_error(400, _("Some fields are not valid."), fields)
    if isinstance(err, NotAllowed):
        return forbidden()
    assert isinstance(err, EventError)
    message = str(err.message)
    return json_error(status_of(err), message, {field: message} if field else None)


def warnings_json(warnings: list) -> list[str]:
    """The services' warnings, in the request's language."""
    return [str(w) for w in warnings]
