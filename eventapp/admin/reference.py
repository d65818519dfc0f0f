"""Create, edit and delete reference data: one set of thin views, registered for each kind."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.accounts.forms import ActionForm
from eventapp.accounts.permissions import admin_required
from eventapp.admin.kinds import KINDS, Kind
from eventapp.admin.views import bp
from eventapp.extensions import db
from eventapp.reference import services


def list_items(kind: Kind):
    items = db.session.scalars(select(kind.model).order_by(kind.order, kind.model.id)).all()
    return render_template("admin/reference_list.html", kind=kind, items=items)


def new_item(kind: Kind):
    form = kind.form()
    if form.validate_on_submit():
        try:
            kind.save(None, **form.values())
        except services.ReferenceDataError as err:
            form.refuse(err)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(f"admin.{kind.name}"))
    return _form_page(kind, form, None)


def edit_item(kind: Kind, item_id: int):
    obj = db.get_or_404(kind.model, item_id)
    form = kind.form(data=kind.initial(obj))
    if form.validate_on_submit():
        try:
            kind.save(obj, **form.values())
        except services.ReferenceDataError as err:
            db.session.rollback()
            form.refuse(err)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(f"admin.{kind.name}"))
    return _form_page(kind, form, obj)


def delete_item(kind: Kind, item_id: int):
    obj = db.get_or_404(kind.model, item_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.delete(obj)
    except services.ReferenceDataError as err:
        db.session.rollback()
        form = kind.form(data=kind.initial(obj))
        return _form_page(kind, form, obj, refusal=str(err.message))
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for(f"admin.{kind.name}"))


def _form_page(kind: Kind, form, obj, refusal: str | None = None):
    """The create or edit page; 400 when something was refused."""
    locked = bool(obj is not None and kind.has_slug and services.slug_locked(obj))
    if locked:
        form.slug.render_kw = {"readonly": True}
    page = render_template(
        "admin/reference_form.html", kind=kind, form=form, item=obj, slug_locked=locked,
        action=ActionForm(), refusal=refusal,
    )  # fmt: skip
    return page, 400 if (form.errors or refusal) else 200


def _view(view: Callable, kind: Kind, name: str) -> Callable:
    """`view` bound to `kind` under its own name, for admins only."""

    def bound(**kwargs):
        return view(kind, **kwargs)

    bound.__name__ = bound.__qualname__ = name
    return admin_required(bound)


for _kind in KINDS.values():
    _n = _kind.name
    bp.add_url_rule(f"/{_n}/", _n, _view(list_items, _kind, _n))
    bp.add_url_rule(
        f"/{_n}/new", f"{_n}_new", _view(new_item, _kind, f"{_n}_new"), methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"/{_n}/<int:item_id>", f"{_n}_edit", _view(edit_item, _kind, f"{_n}_edit"),
        methods=["GET", "POST"],
    )  # fmt: skip
    bp.add_url_rule(
        f"/{_n}/<int:item_id>/delete", f"{_n}_delete", _view(delete_item, _kind, f"{_n}_delete"),
        methods=["POST"],
    )  # fmt: skip
