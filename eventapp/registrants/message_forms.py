"""The message form: its shape (lengths, no NUL); the messages service decides the rest."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp import bounds
from eventapp.bounds import FormCheck

NO_KEY = _l("This form has expired: write the message again.")


def _text(field, label, n: int):
    return field(
        label,
        validators=[Optional(), Length(max=n, message=bounds.too_long(n)),
                    FormCheck(bounds.nul_error)],
    )  # fmt: skip


class MessageForm(FlaskForm):
    """A subject and a text in each language, the statuses written to, and the one-time key."""

    subject_fr = _text(StringField, _l("Subject in French"), bounds.MAX_SUBJECT)
    body_fr = _text(TextAreaField, _l("Text in French"), bounds.MAX_MESSAGE)
    subject_en = _text(StringField, _l("Subject in English"), bounds.MAX_SUBJECT)
    body_en = _text(TextAreaField, _l("Text in English"), bounds.MAX_MESSAGE)
    to = SelectMultipleField(
        _l("Send to"), validate_choice=False, widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )  # fmt: skip
    nonce = HiddenField(
        validators=[DataRequired(NO_KEY), Length(max=bounds.MAX_NONCE, message=NO_KEY)]
    )

    def fresh_key(self) -> None:
        """A new one-time key: each form shown sends at most one message."""
        self.nonce.data = secrets.token_urlsafe(32)
