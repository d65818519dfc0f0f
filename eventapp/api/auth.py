"""Bearer tokens for the API: who is calling, and a 401 or 403 when they may not."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from eventapp.accounts.models import User
from eventapp.accounts.permissions import is_admin
from eventapp.accounts.services import user_for_token
from eventapp.api.errors import json_error
from eventapp.extensions import clock


def bearer_user() -> User | None:
    """The owner of the request's bearer token, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_token(token.strip(), now=clock.now())


def token_required(view: Callable) -> Callable:
    """401 unless a valid bearer token is given; the user is in `g.api_user`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = bearer_user()
        if user is None:
            response, status, headers = json_error(401, _("A valid API token is required."))
            return response, status, {**headers, "WWW-Authenticate": 'Bearer realm="api"'}
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper


def admin_token_required(view: Callable) -> Callable:
    """Like token_required, and 403 unless the token's owner is an admin."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not is_admin(g.api_user):
            return json_error(403)
        return view(*args, **kwargs)

    return token_required(wrapper)
