"""The forms of a person's data: the password asked again, and an erasure confirmed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Type your password to confirm.")), Length(max=200)],
    )


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: my registration is cancelled if the event is still to come, and my "
           "name, address and affiliation are erased for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )  # fmt: skip
