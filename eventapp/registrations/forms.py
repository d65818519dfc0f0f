"""Registration forms: they check the shape of input; places and overlaps are the services'."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.accounts.forms import EMAIL
from eventapp.events.models import Event

REQUIRED = _l("This field is required.")


class SessionChoices(SelectMultipleField):
    """Checkboxes, one per session that has its own places."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def choosable_sessions(event: Event) -> list:
    """The sessions an attendee chooses: those with their own capacity."""
    return [s for s in event.sessions if s.capacity is not None]


class _WithSessions(FlaskForm):
    sessions = SessionChoices(_l("Sessions"), coerce=int, validators=[Optional()])

    def offer(self, event: Event, labels: dict[int, str]) -> _WithSessions:
        """Offer the event's choosable sessions, labelled by `labels` (id → text)."""
        self.sessions.choices = [(s.id, labels[s.id]) for s in choosable_sessions(event)]
        return self


class RegisterForm(_WithSessions):
    """A signed-in attendee's one click (and their session choices)."""


class SessionsForm(_WithSessions):
    """Changing the chosen sessions later."""


class GuestForm(_WithSessions):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(REQUIRED), Length(max=320), EMAIL],
        filters=[_strip],
    )
    affiliation = StringField(
        _l("Affiliation (optional)"), validators=[Optional(), Length(max=300)]
    )
    consent = BooleanField(
        _l("I agree that my name, address and affiliation are kept to manage my registration "
           "and erased after the event."),
        validators=[DataRequired(_l("Your consent is needed to register."))],
    )  # fmt: skip
