"""Follow and unfollow buttons, the choice of mail, and the one-click unsubscribe link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.errors import DomainError
from eventapp.extensions import clock, csrf, db
from eventapp.follows import services, targets, tokens
from eventapp.follows.forms import DigestForm, FollowForm
from eventapp.settings import current_settings
from eventapp.templating import page_lang

bp = Blueprint("follows", __name__, url_prefix="/<lang>")


@bp.post("/account/follows")
@login_required
def follow():
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.follow(current_user.id, form.kind.data, form.target.data, now=clock.now())
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("You follow it now: new events are mailed to you."), "success")
    return _back(form)


@bp.post("/account/follows/remove")
@login_required
def unfollow():
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    services.unfollow(current_user.id, [(form.kind.data, form.target.data)])
    db.session.commit()
    flash(_("You no longer follow it."), "success")
    return _back(form)


@bp.post("/account/follows/mail")
@login_required
def choose_mail():
    form = DigestForm()
    if not form.validate_on_submit():
        abort(400)
    services.choose_digest(current_user.id, form.mail.data == "weekly", now=clock.now())
    db.session.commit()
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("accounts.profile") + "#following-heading")


# A mail client posts here without cookie or CSRF token (RFC 8058): the signed token is the
# credential, and all it can do is remove follows. A GET (what mail scanners do) only asks.
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    found = tokens.read_token(current_settings().secret_key, token)
    if found is None:
        return render_template("follows/unsubscribe.html", valid=False, done=False, named=None), 404
    lang = page_lang()
    named = None if found.pairs is None else targets.describe_all(list(found.pairs), lang)
    if request.method == "GET":
        return render_template("follows/unsubscribe.html", valid=True, done=False, named=named)
    services.unfollow(found.user_id, found.pairs)
    db.session.commit()
    return render_template("follows/unsubscribe.html", valid=True, done=True, named=named)


def _back(form: FollowForm):
    if form.back.data == "profile":
        return redirect(url_for("accounts.profile") + "#following-heading")
    row = targets.find(form.kind.data, form.target.data)
    if row is None:
        return redirect(url_for("accounts.profile"))
    return redirect(targets.describe(form.kind.data, row, page_lang()).path)
