"""The admin area's blueprint, its home page and the (fixed) list of sites."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from eventapp.accounts.permissions import admin_required
from eventapp.admin.kinds import KINDS
from eventapp.extensions import db
from eventapp.reference.models import Site

bp = Blueprint("admin", __name__, url_prefix="/<lang>/admin")


@bp.get("/")
@admin_required
def home():
    return render_template("admin/home.html", kinds=KINDS.values())


@bp.get("/sites/")
@admin_required
def sites():
    found = db.session.scalars(select(Site).order_by(Site.id)).all()
    return render_template("admin/sites.html", sites=found)


from eventapp.admin import people, reference  # noqa: E402,F401  (they add their routes to bp)
