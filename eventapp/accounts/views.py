"""Sign up, confirm, log in and out, reset a password, edit the profile and API tokens."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from eventapp.accounts import mails, services, sessions, signing
from eventapp.accounts.forms import (
    ActionForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ResetForm,
    ResetRequestForm,
    SignupForm,
)
from eventapp.accounts.login import current_session_id, lifetime, sign_in
from eventapp.accounts.models import User
from eventapp.extensions import clock, db, limiter
from eventapp.i18n import select_locale
from eventapp.settings import current_settings

bp = Blueprint("accounts", __name__, url_prefix="/<lang>/account")


def auth_limit() -> str:
    return current_app.config["AUTH_RATE_LIMIT"]


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def signup():
    form = SignupForm(language=select_locale())
    if not form.validate_on_submit():
        return render_template("accounts/signup.html", form=form), 400 if form.errors else 200
    try:
        services.sign_up(
            form.email.data, form.password.data, now=clock.now(), settings=current_settings(),
            name=form.name.data, language=form.language.data, affiliation=form.affiliation.data,
        )  # fmt: skip
    except services.AccountError as err:
        db.session.rollback()
        form[err.field or "email"].errors.append(str(err.message))
        return render_template("accounts/signup.html", form=form), 400
    db.session.commit()
    # The same page whether the address was new or had an account: the mail tells its owner.
    return render_template("accounts/check_email.html", reason="signup")


@bp.get("/confirm/<token>")
def confirm(token: str):
    now = clock.now()
    found = signing.read_token(
        _secret(), signing.CONFIRM_SALT, token, signing.CONFIRM_MAX_AGE, now=now
    )
    user = db.session.get(User, found[0]) if found else None
    # A link dies with the password it was made under (a change, a reset): as reset links do.
    if user is None or not signing.fingerprint_matches(user.password_hash, found[1]):
        flash(_("This confirmation link is not valid or has expired."), "error")
        return redirect(url_for("accounts.login"))
    if user.confirmed_at is not None:
        # Confirms once, logs in never again: a kept or forwarded mail is no log-in link.
        return render_template("accounts/already_confirmed.html")
    services.confirm(user, now=now)
    if current_user.is_authenticated:
        # Never switch a signed-in browser into the link's account (log-in CSRF).
        db.session.commit()
        flash(_("The address %(email)s is confirmed.", email=user.email), "success")
        return redirect(url_for("events.index"))
    sign_in(user)
    db.session.commit()
    flash(_("Your address is confirmed. Welcome!"), "success")
    return redirect(url_for("events.index"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 400 if form.errors else 200
    user = services.authenticate(form.email.data, form.password.data)
    if user is None:
        form.password.errors.append(_("The address or the password is wrong."))
        return render_template("accounts/login.html", form=form), 400
    if user.confirmed_at is None:
        mails.confirm_address(user, now=clock.now(), settings=current_settings())
        db.session.commit()
        return render_template("accounts/check_email.html", reason="unconfirmed")
    sign_in(user)
    db.session.commit()
    flash(_("You are logged in."), "success")
    return redirect(_safe_next(form.next.data) or url_for("events.index", lang=user.language))


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        logout_user()  # ends the session on the server too (login.py)
        flash(_("You are logged out."), "success")
    return redirect(url_for("events.index"))


@bp.post("/sessions/end")
@login_required
def log_out_everywhere():
    if not ActionForm().validate_on_submit():
        abort(400)
    sessions.close_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are logged out on every device."), "success")
    return redirect(url_for("events.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return render_template(
            "accounts/reset_request.html", form=form
        ), 400 if form.errors else 200
    services.request_reset(
        form.email.data, language=select_locale(), now=clock.now(), settings=current_settings()
    )
    db.session.commit()
    return render_template("accounts/check_email.html", reason="reset")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset(token: str):
    found = signing.read_token(
        _secret(), signing.RESET_SALT, token, signing.RESET_MAX_AGE, now=clock.now()
    )
    user = db.session.get(User, found[0]) if found else None
    if user is None or not signing.fingerprint_matches(user.password_hash, found[1]):
        flash(_("This reset link is not valid, has expired or was already used."), "error")
        return redirect(url_for("accounts.reset_request"))
    form = ResetForm()
    if not form.validate_on_submit():
        return render_template("accounts/reset.html", form=form), 400 if form.errors else 200
    try:
        services.set_password(user, form.password.data)  # ends every session of the user
    except services.AccountError as err:
        form.password.errors.append(str(err.message))
        return render_template("accounts/reset.html", form=form), 400
    services.confirm(user, now=clock.now())  # the link proved the address
    sign_in(user)
    db.session.commit()
    flash(_("Your password is changed."), "success")
    return redirect(url_for("events.index"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.affiliation = (form.affiliation.data or "").strip() or None
        current_user.language = form.language.data
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(form=form, status=400 if form.errors else 200)


@bp.post("/password")
@login_required
@limiter.limit(auth_limit)  # the current password is guessed no faster than at log-in
def change_password():
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _profile_page(password_form=form, status=400)
    try:
        services.change_password(
            current_user, form.current.data, form.password.data,
            keep_session=current_session_id(),
        )  # fmt: skip
    except services.AccountError as err:
        db.session.rollback()
        form[err.field or "password"].errors.append(str(err.message))
        return _profile_page(password_form=form, status=400)
    db.session.commit()
    flash(_("Your password is changed. Your other sessions are closed."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/tokens")
@login_required
def create_token():
    if not ActionForm().validate_on_submit():
        abort(400)
    token = services.create_token(current_user, now=clock.now())
    db.session.commit()
    # Shown in this response only: it is not stored anywhere it could be read again.
    return _profile_page(new_token=token)


def _profile_page(form=None, password_form=None, status: int = 200, **extra):
    sessions_open = sessions.count_sessions(current_user, now=clock.now(), lifetime=lifetime())
    page = render_template(
        "accounts/profile.html", form=form or ProfileForm(obj=current_user),
        password_form=password_form or PasswordChangeForm(), action=ActionForm(),
        sessions_open=sessions_open, **extra,
    )  # fmt: skip
    return page, status


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.revoke_token(current_user, token_id, now=clock.now())
    except services.AccountError:
        abort(404)
    db.session.commit()
    flash(_("The token is revoked."), "success")
    return redirect(url_for("accounts.profile"))


# A path on this site, in the URL characters a Location header keeps as they are: no tab, CR,
# LF or space (Werkzeug drops or refuses them, which turned `/\t/evil.test` into `//evil.test`),
# no backslash (browsers read it as a slash), nothing beyond ASCII (fullwidth slashes).
_SITE_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect."""
    if target and _SITE_PATH.fullmatch(target) and not urlsplit(target).netloc:
        return target
    return None
