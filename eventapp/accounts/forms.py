"""The account forms: they check the shape of input; the services decide the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from eventapp.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD, password_problem

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address."))
LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


def _email_field():
    return EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("This field is required.")), Length(max=320), EMAIL],
    )


def _password_rule(form, field) -> None:
    """The services' password rule (common ones, one character repeated), shown by the field."""
    problem = None if field.errors else password_problem(field.data or "")
    if problem is not None:
        raise ValidationError(str(problem))


def _new_password_fields(label=None):
    password = PasswordField(
        label or _l("Password"),
        validators=[
            DataRequired(_l("This field is required.")),
            Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
                   message=_l("Use from %(min)d to %(max)d characters.")),
            _password_rule,
        ],
    )  # fmt: skip
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )
    return password, confirm


class SignupForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("This field is required.")), Length(max=200)]
    )
    email = _email_field()
    affiliation = StringField(
        _l("Affiliation (optional)"), validators=[Optional(), Length(max=300)]
    )
    language = SelectField(_l("Language for pages and e-mail"), choices=LANGUAGE_CHOICES)
    password, confirm = _new_password_fields()


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("This field is required."))]
    )
    next = HiddenField()


class ResetRequestForm(FlaskForm):
    email = _email_field()


class ResetForm(FlaskForm):
    password, confirm = _new_password_fields()


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("This field is required.")), Length(max=200)]
    )
    affiliation = StringField(
        _l("Affiliation (optional)"), validators=[Optional(), Length(max=300)]
    )
    language = SelectField(_l("Language for pages and e-mail"), choices=LANGUAGE_CHOICES)


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("This field is required."))]
    )
    password, confirm = _new_password_fields(_l("New password"))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
