"""People and roles: find an account, grant or withdraw organiser rights, make or unmake admins."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.accounts import services
from eventapp.accounts.forms import ActionForm
from eventapp.accounts.models import User
from eventapp.accounts.permissions import admin_required
from eventapp.admin.forms import GrantForm, UserSearchForm
from eventapp.admin.views import bp
from eventapp.bounds import search_words
from eventapp.events.filters import parse_page
from eventapp.extensions import db
from eventapp.reference.models import Organisation

PER_PAGE = 25


@bp.get("/users/")
@admin_required
def users():
    form = UserSearchForm(request.args)
    page, _error = parse_page(request.args.get("page"))
    q = search_words(form.q.data)
    found = services.search_users(q, page=page, per_page=PER_PAGE)
    return render_template("admin/users.html", form=form, users=found, q=q)


@bp.get("/users/<int:user_id>")
@admin_required
def user(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/grant")
@admin_required
def grant(user_id: int):
    person = db.get_or_404(User, user_id)
    form = GrantForm()
    if not form.validate_on_submit():
        return _user_page(person, grant_form=form)
    services.grant_organiser(person, db.get_or_404(Organisation, form.organisation.data))
    db.session.commit()
    flash(_("Organiser rights granted."), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/withdraw/<int:organisation_id>")
@admin_required
def withdraw(user_id: int, organisation_id: int):
    person = db.get_or_404(User, user_id)
    organisation = db.get_or_404(Organisation, organisation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.withdraw_organiser(person, organisation)
    db.session.commit()
    flash(_("Organiser rights withdrawn."), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/admin")
@admin_required
def make_admin(user_id: int):
    return _set_admin(db.get_or_404(User, user_id), True)


@bp.post("/users/<int:user_id>/admin/remove")
@admin_required
def unmake_admin(user_id: int):
    return _set_admin(db.get_or_404(User, user_id), False)


def _set_admin(person: User, admin: bool):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.set_admin(person, admin)
    except services.AccountError as err:
        db.session.rollback()
        return _user_page(person, refusal=str(err.message))
    db.session.commit()
    flash(_("The role is changed."), "success")
    return redirect(url_for("admin.user", user_id=person.id))


def _user_page(person: User, grant_form: GrantForm | None = None, refusal: str | None = None):
    """One account with its role and organisations; 400 when something was refused."""
    grant_form = grant_form or GrantForm()
    page = render_template(
        "admin/user.html", person=person, grant_form=grant_form, action=ActionForm(),
        refusal=refusal,
    )  # fmt: skip
    return page, 400 if (grant_form.errors or refusal) else 200
