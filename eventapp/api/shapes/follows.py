"""What the token's owner follows (`/api/v1/me/follows`), as read and as written."""

from __future__ import annotations

from typing import Annotated, Literal

from flask_babel import lazy_gettext as _l
from pydantic import Field

from eventapp.api import types as t
from eventapp.api.shapes.common import Uri
from eventapp.api.shapes.events import Instant
from eventapp.api.validation import Says, Shape

FollowKind = Annotated[
    Literal["series", "topic", "site", "organisation", "speaker"],
    Says(_l("This cannot be followed.")),
]
Mail = Annotated[
    Literal["each", "weekly"],
    Field(description="A mail for each new event, or a weekly digest."),
    Says(_l("Choose one.")),
]


class FollowItem(Shape):
    """Something the owner follows: new events there are mailed to them."""

    kind: FollowKind
    id: Annotated[int, Field(description="The followed row's id.")]
    name: Annotated[str | None, Field(description="Its name; null once it was deleted.")]
    url: Annotated[Uri | None, Field(description="Its page; null once it was deleted.")]
    created_at: Instant


class Follows(Shape):
    """What the owner follows, and how they hear of new events."""

    mail: Mail
    items: list[FollowItem]


class FollowWrite(Shape):
    """One series, topic, site, organisation or speaker (by its id) to follow or to stop."""

    kind: FollowKind
    id: Annotated[t.Id, Says(_l("Give the id of what to follow."))]


class MailChoice(Shape):
    mail: Mail
