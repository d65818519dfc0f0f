"""The page of a series and the page of a site, each with its upcoming events."""

from __future__ import annotations

from flask import Blueprint

from eventapp.events.filters import EventFilters
from eventapp.events.views import render_list
from eventapp.extensions import db
from eventapp.reference.models import Series, Site

bp = Blueprint("reference", __name__, url_prefix="/<lang>")


@bp.route("/series/<slug>")
def series(slug: str):
    found = db.first_or_404(db.select(Series).where(Series.slug == slug))
    return render_list(
        "reference/series.html", base_filters=EventFilters(series=[slug]), series=found
    )


@bp.route("/sites/<slug>")
def site(slug: str):
    found = db.first_or_404(db.select(Site).where(Site.slug == slug))
    return render_list("reference/site.html", base_filters=EventFilters(site=[slug]), site=found)
