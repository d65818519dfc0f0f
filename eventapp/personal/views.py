"""The privacy page, and a person's data: download it, erase it (account or guest link)."""

from __future__ import annotations

import json
from email.utils import parseaddr

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from eventapp.accounts.views import auth_limit
from eventapp.extensions import clock, db, limiter
from eventapp.personal import erasure
from eventapp.personal.export import export_person, export_registration
from eventapp.personal.forms import DeleteAccountForm, EraseForm
from eventapp.refusals import status_of
from eventapp.registrations.views import from_link
from eventapp.settings import current_settings

bp = Blueprint("personal", __name__, url_prefix="/<lang>")


def privacy_contact() -> str:
    """The address people write to about their data (EVENTAPP_PRIVACY_CONTACT)."""
    return parseaddr(current_app.config["PRIVACY_CONTACT"])[1]


@bp.get("/privacy")
def privacy():
    return render_template(
        "personal/privacy.html", days=current_app.config["GUEST_DATA_DAYS"],
        contact=privacy_contact(),
    )  # fmt: skip


def json_download(data: dict, filename: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@bp.get("/account/data.json")
@login_required
def download():
    return json_download(export_person(current_user, settings=current_settings()), "my-data.json")


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(auth_limit, methods=["POST"])  # the password is guessed no faster than at log-in
def delete_account():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _delete_page(form, 400 if form.errors else 200)
    try:
        erasure.confirm_password(current_user, form.password.data)
        erasure.erase_account(current_user, now=clock.now(), settings=current_settings())
    except (erasure.WrongPassword, erasure.LastAdmin) as err:
        db.session.rollback()
        form.password.errors.append(str(err.message))
        return _delete_page(form, status_of(err))
    db.session.commit()
    logout_user()
    flash(_("Your account and your data are erased. A last message confirms it."), "success")
    return redirect(url_for("personal.erased"))


def _delete_page(form: DeleteAccountForm, status: int):
    return render_template("personal/delete.html", form=form), status


@bp.get("/privacy/erased")
def erased():
    return render_template("personal/erased.html")


@bp.get("/registrations/<token>/data.json")
def guest_download(token: str):
    reg = from_link(token)
    data = export_registration(reg, settings=current_settings())
    return json_download(data, f"registration-{reg.id}.json")


@bp.route("/registrations/<token>/erase", methods=["GET", "POST"])
def guest_erase(token: str):
    reg = from_link(token)
    form = EraseForm()
    if not form.validate_on_submit():
        page = render_template("personal/erase.html", reg=reg, token=token, form=form)
        return page, 400 if form.errors else 200
    erasure.erase_registration(reg, now=clock.now(), settings=current_settings())
    db.session.commit()
    flash(_("Your registration's data is erased. A last message confirms it."), "success")
    return redirect(url_for("personal.erased"))
