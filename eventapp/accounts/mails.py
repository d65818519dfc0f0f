"""The account e-mails, queued in the outbox in the recipient's language."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.accounts import signing
from eventapp.accounts.models import User
from eventapp.mail.services import queue_mail
from eventapp.settings import Settings
from eventapp.urls import absolute_url_for


def _send(
    user: User, template: str, subject: str, now: datetime, settings: Settings, **context
) -> None:
    queue_mail(
        user.email, template, user.language, now=now, settings=settings, subject=subject,
        user=user, **context,
    )  # fmt: skip


def confirm_address(user: User, *, now: datetime, settings: Settings) -> None:
    token = signing.make_token(
        settings.secret_key, signing.CONFIRM_SALT, user.id, user.password_hash, now=now
    )
    link = absolute_url_for(settings, "accounts.confirm", lang=user.language, token=token)
    with force_locale(user.language):
        subject = _("Confirm your address")
    _send(user, "confirm_email", subject, now, settings, link=link)


def reset_password(user: User, *, now: datetime, settings: Settings) -> None:
    token = signing.make_token(
        settings.secret_key, signing.RESET_SALT, user.id, user.password_hash, now=now
    )
    link = absolute_url_for(settings, "accounts.reset", lang=user.language, token=token)
    with force_locale(user.language):
        subject = _("Choose a new password")
    _send(user, "reset_password", subject, now, settings, link=link)


def account_exists(user: User, *, now: datetime, settings: Settings) -> None:
    login = absolute_url_for(settings, "accounts.login", lang=user.language)
    reset = absolute_url_for(settings, "accounts.reset_request", lang=user.language)
    with force_locale(user.language):
        subject = _("You already have an account")
    _send(user, "account_exists", subject, now, settings, login=login, reset=reset)


def no_account(address: str, language: str, *, now: datetime, settings: Settings) -> None:
    """To an address without an account whose password someone asked to reset."""
    signup = absolute_url_for(settings, "accounts.signup", lang=language)
    with force_locale(language):
        subject = _("No account uses this address")
    queue_mail(
        address, "no_account", language, now=now, settings=settings, subject=subject,
        signup=signup,
    )  # fmt: skip
