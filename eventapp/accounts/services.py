"""Accounts: creating people, checking passwords, confirming, resetting, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.accounts.admins import is_last_admin
from eventapp.accounts.models import ROLES, ApiToken, User
from eventapp.errors import Refused
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.reference.models import Organisation

MIN_PASSWORD = 10
# Checked when no account matches, so that a log-in takes as long either way.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")


class AccountError(Refused):
    """A refusal with a translatable message, optionally tied to a form field."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message, {field: message} if field else None)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD), "password"
        )
    return generate_password_hash(password, method="scrypt")


def create_user(
    email: str,
    password: str,
    *,
    now: datetime,
    name: str = "",
    role: str = "attendee",
    language: str = "en",
    affiliation: str | None = None,
    confirmed: bool = False,
) -> User:
    """A new account; raises AccountError when the address is taken or the input is wrong."""
    if role not in ROLES:
        raise AccountError(_l("Unknown role."), "role")
    if language not in LANGUAGES:
        raise AccountError(_l("Unknown language."), "language")
    if find_user(email) is not None:
        raise AccountError(_l("An account already uses this address."), "email")
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name=name.strip(),
        role=role,
        language=language,
        affiliation=(affiliation or "").strip() or None,
        created_at=now,
        confirmed_at=now if confirmed else None,
        session_key=secrets.token_hex(8),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user with this address and password, or None (in the same time either way)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def set_password(user: User, password: str) -> None:
    """Change the password and log out every other session of the user."""
    user.password_hash = hash_password(password)
    user.session_key = secrets.token_hex(8)
    db.session.flush()


def confirm(user: User, *, now: datetime) -> None:
    if user.confirmed_at is None:
        user.confirmed_at = now
        db.session.flush()


def grant_organiser(user: User, organisation: Organisation) -> None:
    """Make `user` an organiser of `organisation` (admins keep their role)."""
    if organisation not in user.organisations:
        user.organisations.append(organisation)
    if user.role == "attendee":
        user.role = "organiser"
    db.session.flush()


def withdraw_organiser(user: User, organisation: Organisation) -> None:
    """Remove `user` from `organisation`; with none left, an organiser becomes an attendee."""
    if organisation in user.organisations:
        user.organisations.remove(organisation)
    if user.role == "organiser" and not user.organisations:
        user.role = "attendee"
    db.session.flush()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, *, now: datetime) -> str:
    """A new API token for `user`; only its hash is stored, so it is shown this once."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_digest(token), created_at=now))
    db.session.flush()
    return token


def revoke_token(user: User, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke one of `user`'s tokens."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None:
        raise AccountError(_l("There is no such token."))
    if token.revoked_at is None:
        token.revoked_at = now
        db.session.flush()
    return token


def user_for_token(token: str, *, now: datetime) -> User | None:
    """The owner of an active token, noting when it was used; None for unknown or revoked."""
    found = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    )
    if found is None:
        return None
    found.last_used_at = now
    db.session.flush()
    return found.user


def set_admin(user: User, admin: bool, *, pause: Callable[[], None] | None = None) -> None:
    """Make `user` an admin, or take the role back (never from the last admin: the count and
    the change are one locked step, see admins.py; `pause` lets a test force the race)."""
    if admin:
        user.role = "admin"
    elif user.role == "admin":
        if is_last_admin(user, pause=pause):
            raise AccountError(_l("The last administrator cannot stop being one."), "role")
        user.role = "organiser" if user.organisations else "attendee"
    db.session.flush()


def search_users(text: str, *, page: int, per_page: int):
    """Accounts whose address or name contains `text` (any case), by address, one page of them."""
    query = select(User).order_by(User.email)
    text = text.strip()
    if text:
        needle = text.lower()
        query = query.where(
            func.lower(User.email).contains(needle, autoescape=True)
            | func.lower(User.name).contains(needle, autoescape=True)
        )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
