"""Signed links in every registration e-mail: confirm a guest's address, give a place back."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from eventapp.settings import Settings

SALT = "registration"


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def token_for(registration_id: int, email: str, *, secret: str) -> str:
    return _serializer(secret).dumps([registration_id, email])


def read(token: str, *, secret: str) -> tuple[int, str] | None:
    """(registration id, address) from a link, or None when it was not made by us."""
    try:
        reg_id, email = _serializer(secret).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(reg_id, int) or not isinstance(email, str):
        return None
    return reg_id, email


# Built from the base URL rather than url_for: mail is also queued by commands, outside requests.
def manage_url(reg, lang: str, settings: Settings) -> str:
    """The page where the person sees and gives back their place (`registrations.manage`)."""
    token = token_for(reg.id, reg.email, secret=settings.secret_key)
    return settings.absolute(f"/{lang}/registrations/{token}")


def confirm_url(reg, lang: str, settings: Settings) -> str:
    """The guest's confirmation link (`registrations.confirm`)."""
    token = token_for(reg.id, reg.email, secret=settings.secret_key)
    return settings.absolute(f"/{lang}/registrations/{token}/confirm")
