"""Accounts: creating people, checking passwords, confirming, resetting, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.accounts import mails, sessions
from eventapp.accounts.admins import is_last_admin
from eventapp.accounts.models import ROLES, ApiToken, User
from eventapp.accounts.passwords import password_problem
from eventapp.errors import Refused
from eventapp.extensions import db
from eventapp.i18n import LANGUAGES
from eventapp.reference.models import Organisation
from eventapp.settings import Settings

# Checked when no account matches, so that a log-in takes as long either way.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")
# How finely a token's last use is kept (see user_for_token).
LAST_USED_PRECISION = timedelta(minutes=1)


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
    """The hash to store for a new password; refuses one that breaks the password rule."""
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem, "password")
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
    password_hash = hash_password(password)
    if find_user(email) is not None:
        raise AccountError(_l("An account already uses this address."), "email")
    return _add_user(
        email, password_hash, now=now, name=name, role=role, language=language,
        affiliation=affiliation, confirmed=confirmed,
    )  # fmt: skip


def _add_user(
    email: str,
    password_hash: str,
    *,
    now: datetime,
    name: str,
    role: str,
    language: str,
    affiliation: str | None,
    confirmed: bool,
) -> User:
    if role not in ROLES:
        raise AccountError(_l("Unknown role."), "role")
    if language not in LANGUAGES:
        raise AccountError(_l("Unknown language."), "language")
    user = User(
        email=normalise_email(email),
        password_hash=password_hash,
        name=name.strip(),
        role=role,
        language=language,
        affiliation=(affiliation or "").strip() or None,
        created_at=now,
        confirmed_at=now if confirmed else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(
    email: str,
    password: str,
    *,
    now: datetime,
    settings: Settings,
    name: str = "",
    language: str = "en",
    affiliation: str | None = None,
) -> User | None:
    """A new, unconfirmed account and the mail to confirm it; for an address that already has
    an account, a mail to its owner instead (None). Both ways hash the password once and queue
    one mail, so the answer's timing does not tell whether the address has an account."""
    password_hash = hash_password(password)
    existing = find_user(email)
    if existing is not None:
        mails.account_exists(existing, now=now, settings=settings)
        return None
    user = _add_user(
        email, password_hash, now=now, name=name, role="attendee", language=language,
        affiliation=affiliation, confirmed=False,
    )  # fmt: skip
    mails.confirm_address(user, now=now, settings=settings)
    return user


def request_reset(email: str, *, language: str, now: datetime, settings: Settings) -> None:
    """Mail a reset link to the account with this address; to an address without an account, a
    mail saying so (in `language`, the page's): one mail either way, in the same time."""
    user = find_user(email)
    if user is None:
        mails.no_account(normalise_email(email), language, now=now, settings=settings)
    else:
        mails.reset_password(user, now=now, settings=settings)


def authenticate(email: str, password: str) -> User | None:
    """The user with this address and password, or None (in the same time either way)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def set_password(user: User, password: str, *, keep_session: int | None = None) -> None:
    """Change the password and end every session of the user but `keep_session`."""
    user.password_hash = hash_password(password)
    sessions.close_sessions(user, keep=keep_session)
    db.session.flush()


def change_password(user: User, current: str, new: str, *, keep_session: int | None = None) -> None:
    """The user's own change: the current password first, then the new one for every browser
    but this one."""
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise AccountError(_l("The current password is wrong."), "current")
    set_password(user, new, keep_session=keep_session)


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
    """The owner of an active token, noting when it was used; None for unknown or revoked.

    One statement, built once: the user is read (not the token's row). On PostgreSQL the note
    of the token's use rides along in it; elsewhere it is a second statement, only when due."""
    params = {"hash": _digest(token), "now": now, "stale": now - LAST_USED_PRECISION}
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalar(_token_owner(noted=True), params)
    row = db.session.execute(_token_owner(noted=False), params).first()
    if row is None:
        return None
    user, token_id, last_used = row
    if last_used is None or last_used <= params["stale"]:
        # At most once a minute: on SQLite every write takes the database's one write lock,
        # and API reads must not queue behind it just to note the time.
        db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    return user


@cache
def _token_owner(*, noted: bool) -> Select:
    """The owner of the active token whose hash is `:hash`; `noted`: with the token's id and
    last use, else noting its use (`:now`) when last used at or before `:stale`."""
    active = (ApiToken.token_hash == bindparam("hash"), ApiToken.revoked_at.is_(None))
    query = select(User).join(ApiToken, ApiToken.user_id == User.id).where(*active)
    if not noted:
        return query.add_columns(ApiToken.id, ApiToken.last_used_at)
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= bindparam("stale"))
    touch = update(ApiToken).where(*active, stale).values(last_used_at=bindparam("now"))
    return query.add_cte(touch.cte("touched"))


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
