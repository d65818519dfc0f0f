"""The body of a check-in at the door, or of its undoing."""

from __future__ import annotations

from typing import Annotated

from flask_babel import lazy_gettext as _l
from pydantic import Field

from eventapp.api.validation import Says, Shape

ATTENDED = _l("Give true (arrived) or false (undo the check-in).")


class CheckIn(Shape):
    """Whether the person arrived."""

    attended: Annotated[
        bool,
        Field(description="true: the person arrived (a second check-in keeps the first one's "
              "time and organiser); false: undo the check-in."),
        Says(ATTENDED),
    ]  # fmt: skip
