"""Sign up, confirm, log in and out, reset a password, edit the profile and API tokens."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from eventapp.accounts import mails, services, signing
from eventapp.accounts.forms import (
    ActionForm,
    LoginForm,
    ProfileForm,
    ResetForm,
    ResetRequestForm,
    SignupForm,
)
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
    now = clock.now()
    existing = services.find_user(form.email.data)
    if existing is not None:
        # The same answer as for a new address: the mail tells the owner what happened.
        mails.account_exists(existing, now=now, settings=current_settings())
    else:
        try:
            user = services.create_user(
                form.email.data, form.password.data, now=now, name=form.name.data,
                language=form.language.data, affiliation=form.affiliation.data,
            )  # fmt: skip
        except services.AccountError as err:
            form[err.field or "email"].errors.append(str(err.message))
            return render_template("accounts/signup.html", form=form), 400
        mails.confirm_address(user, now=now, settings=current_settings())
    db.session.commit()
    return render_template("accounts/check_email.html", reason="signup")


@bp.get("/confirm/<token>")
def confirm(token: str):
    found = signing.read_token(
        _secret(), signing.CONFIRM_SALT, token, signing.CONFIRM_MAX_AGE, now=clock.now()
    )
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        flash(_("This confirmation link is not valid or has expired."), "error")
        return redirect(url_for("accounts.login"))
    services.confirm(user, now=clock.now())
    db.session.commit()
    login_user(user)
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
    login_user(user)
    flash(_("You are logged in."), "success")
    return redirect(_safe_next(form.next.data) or url_for("events.index", lang=user.language))


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("events.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(auth_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return render_template(
            "accounts/reset_request.html", form=form
        ), 400 if form.errors else 200
    user = services.find_user(form.email.data)
    if user is not None:
        mails.reset_password(user, now=clock.now(), settings=current_settings())
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
    services.set_password(user, form.password.data)
    services.confirm(user, now=clock.now())  # the link proved the address
    db.session.commit()
    login_user(user)
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
    status = 400 if form.errors else 200
    return render_template("accounts/profile.html", form=form, action=ActionForm()), status


@bp.post("/tokens")
@login_required
def create_token():
    if not ActionForm().validate_on_submit():
        abort(400)
    token = services.create_token(current_user, now=clock.now())
    db.session.commit()
    # Shown in this response only: it is not stored anywhere it could be read again.
    return render_template(
        "accounts/profile.html", form=ProfileForm(obj=current_user), action=ActionForm(),
        new_token=token,
    )  # fmt: skip


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
