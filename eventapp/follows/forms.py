"""The follow buttons and the choice of mail: they check the shape; the services decide."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional

from eventapp.bounds import MAX_INT
from eventapp.follows.models import KINDS


class FollowForm(FlaskForm):
    """Follow (or unfollow) one series, topic, site, organisation or speaker."""

    kind = SelectField(
        choices=[SelectChoice(kind, kind) for kind in KINDS], validators=[DataRequired()]
    )
    target = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=MAX_INT)])
    # Where the button was: the followed row's page (empty) or the profile ("profile").
    back = HiddenField(validators=[Optional(), AnyOf(["profile"])])


class DigestForm(FlaskForm):
    """A mail for each new event, or one a week."""

    mail = RadioField(
        _l("Mail me"),
        choices=[
            SelectChoice("each", _l("at each new event")),
            SelectChoice("weekly", _l("once a week, a digest")),
        ],
        validators=[DataRequired(_l("Choose one."))],
    )
