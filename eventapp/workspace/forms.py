"""The workspace forms: they check the shape of input; the editing services decide the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp import bounds
from eventapp.bounds import FormCheck

WALL_TIME = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # what <input type="datetime-local"> sends
TIMED = ("start", "end")
DAYS = ("start_day", "end_day")


def _wall_time(label) -> DateTimeLocalField:
    return DateTimeLocalField(
        label, format=WALL_TIME, validators=[Optional(), FormCheck(bounds.year_error)]
    )


def _day(label) -> DateField:
    return DateField(label, validators=[Optional(), FormCheck(bounds.year_error)])


def _length(n: int) -> Length:
    return Length(max=n, message=bounds.too_long(n))


def _title(label) -> StringField:
    return StringField(
        label, validators=[Optional(), _length(bounds.MAX_TITLE), FormCheck(bounds.nul_error)]
    )


def _text(label, n: int = bounds.MAX_TEXT) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), _length(n), FormCheck(bounds.nul_error)])


def _capacity() -> IntegerField:
    return IntegerField(
        _l("Capacity (places)"), validators=[Optional(), FormCheck(bounds.too_large_error)]
    )


def _checkboxes(label, coerce=str) -> SelectMultipleField:
    return SelectMultipleField(
        label, coerce=coerce, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )


class EventForm(FlaskForm):
    """An event with its French and English texts side by side; times in the site's zone."""

    title_fr = _title(_l("Title in French"))
    title_en = _title(_l("Title in English"))
    summary_fr = _text(_l("Summary in French"))
    summary_en = _text(_l("Summary in English"))
    description_fr = _text(_l("Description in French (Markdown)"))
    description_en = _text(_l("Description in English (Markdown)"))
    kind = SelectField(_l("Type"))
    language = SelectField(_l("Given in"))
    site = SelectField(_l("Site"), default="")
    venue = SelectField(_l("Venue"), default="")
    online_url = URLField(_l("Online link"), validators=[Optional(), _length(bounds.MAX_URL)])
    organisations = _checkboxes(_l("Host organisations"))
    series = SelectField(_l("Series"), default="")
    topics = _checkboxes(_l("Topics"))
    speakers = SelectMultipleField(_l("Speakers"), coerce=int)
    capacity = _capacity()
    registration_opens = _wall_time(_l("Registration opens"))
    registration_closes = _wall_time(_l("Registration closes"))
    all_day = BooleanField(_l("All-day event (whole days, no times)"))
    start = _wall_time(_l("Start"))
    end = _wall_time(_l("End"))
    start_day = _day(_l("First day"))
    end_day = _day(_l("Last day"))

    def validate(self, extra_validators=None) -> bool:
        """The pair of time fields that does not apply is not checked."""
        super().validate(extra_validators)
        for name in TIMED if self.all_day.data else DAYS:
            self[name].errors = []
        return not self.errors


class SessionForm(FlaskForm):
    """One session of the timetable; times in the event's zone."""

    title_fr = _title(_l("Title in French"))
    title_en = _title(_l("Title in English"))
    start = _wall_time(_l("Start"))
    end = _wall_time(_l("End"))
    room = StringField(_l("Room"), validators=[Optional(), _length(bounds.MAX_ROOM)])
    capacity = _capacity()
    speakers = SelectMultipleField(_l("Speakers"), coerce=int)


class MoveForm(FlaskForm):
    """New times for an event (whole days for an all-day event)."""

    start = _wall_time(_l("New start"))
    end = _wall_time(_l("New end"))
    start_day = _day(_l("New first day"))
    end_day = _day(_l("New last day"))


class DuplicateForm(FlaskForm):
    """When the copy starts."""

    start = _wall_time(_l("Start of the copy"))
    start_day = _day(_l("First day of the copy"))


class CancelForm(FlaskForm):
    """Why the event is cancelled, shown on its page."""

    reason_fr = _text(_l("Reason in French"), bounds.MAX_REASON)
    reason_en = _text(_l("Reason in English"), bounds.MAX_REASON)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class SourceForm(FlaskForm):
    """An imported calendar: the shape of its fields; the sources service decides the rest."""

    name = StringField(
        _l("Name"), validators=[_length(bounds.MAX_NAME), FormCheck(bounds.nul_error)]
    )
    url = StringField(
        _l("Address of the calendar (https:// or webcal://)"),
        validators=[_length(bounds.MAX_URL), FormCheck(bounds.nul_error)],
    )
    organisation = SelectField(_l("Organisation"), choices=[])
    site = SelectField(_l("Site"), choices=[])
    series = SelectField(_l("Series"), choices=[])
    topics = _checkboxes(_l("Topics"))
    language = SelectField(_l("Language of its texts"), choices=[])
    publish = BooleanField(_l("Publish its events at once (else they wait as drafts)"))
    registration = BooleanField(_l("Offer registration here for its new events"))
    interval_minutes = IntegerField(
        _l("Sync every (minutes)"), validators=[Optional(), FormCheck(bounds.too_large_error)]
    )
