"""Signed links in every registration e-mail: confirm a guest's address, give a place back."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventapp.urls import absolute

SALT = "registration"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(registration_id: int, email: str) -> str:
    return _serializer().dumps([registration_id, email])


def read(token: str) -> tuple[int, str] | None:
    """(registration id, address) from a link, or None when it was not made by us."""
    try:
        reg_id, email = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(reg_id, int) or not isinstance(email, str):
        return None
    return reg_id, email


# Built from the base URL rather than url_for: mail is also queued by commands, outside requests.
def manage_url(reg, lang: str) -> str:
    """The page where the person sees and gives back their place (`registrations.manage`)."""
    return absolute(f"/{lang}/registrations/{token_for(reg.id, reg.email)}")


def confirm_url(reg, lang: str) -> str:
    """The guest's confirmation link (`registrations.confirm`)."""
    return absolute(f"/{lang}/registrations/{token_for(reg.id, reg.email)}/confirm")
