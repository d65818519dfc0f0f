"""The account e-mails, queued in the outbox in the recipient's language."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.accounts import signing
from eventapp.accounts.models import User
from eventapp.mail.services import queue_mail
from eventapp.urls import absolute_url_for


def _send(user: User, template: str, subject: str, now: datetime, **context) -> None:
    queue_mail(user.email, template, user.language, now=now, subject=subject, user=user, **context)


def confirm_address(user: User, *, now: datetime) -> None:
    token = signing.make_token(
        current_app.config["SECRET_KEY"], signing.CONFIRM_SALT, user.id, user.password_hash, now=now
    )
    link = absolute_url_for("accounts.confirm", lang=user.language, token=token)
    with force_locale(user.language):
        subject = _("Confirm your address")
    _send(user, "confirm_email", subject, now, link=link)


def reset_password(user: User, *, now: datetime) -> None:
    token = signing.make_token(
        current_app.config["SECRET_KEY"], signing.RESET_SALT, user.id, user.password_hash, now=now
    )
    link = absolute_url_for("accounts.reset", lang=user.language, token=token)
    with force_locale(user.language):
        subject = _("Choose a new password")
    _send(user, "reset_password", subject, now, link=link)


def account_exists(user: User, *, now: datetime) -> None:
    login = absolute_url_for("accounts.login", lang=user.language)
    reset = absolute_url_for("accounts.reset_request", lang=user.language)
    with force_locale(user.language):
        subject = _("You already have an account")
    _send(user, "account_exists", subject, now, login=login, reset=reset)
