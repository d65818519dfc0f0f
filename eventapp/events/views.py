"""The list of upcoming events, its archive of past ones, and the page of one event."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from eventapp.events import queries
from eventapp.events.filters import EventFilters, parse_filters, parse_page
from eventapp.events.timetable import timetable_days
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Series, Site, Topic

bp = Blueprint("events", __name__, url_prefix="/<lang>")


FIXABLE = ("site", "series", "topic", "organisation", "speaker")


def render_list(
    template: str,
    *,
    base_filters: EventFilters | None = None,
    when: queries.When = "upcoming",
    switch: str,
    **context,
):
    """Parse the filters, run the list query (`when`: "upcoming" or "past", newest first) and
    render `template`; bad values get a message. `switch` is the endpoint of the other view
    (the archive of an upcoming list, and back), linked with the same filters."""
    filters, errors = parse_filters(request.args)
    fixed = [n for n in FIXABLE if base_filters and getattr(base_filters, n)]
    for name in fixed:
        setattr(filters, name, getattr(base_filters, name))
    page, page_error = parse_page(request.args.get("page"))
    if page_error:
        errors["page"] = page_error
    result = queries.list_events(
        filters,
        now=clock.now(),
        page=page,
        per_page=current_app.config["EVENTS_PER_PAGE"],
        when=when,
    )
    return render_template(
        template,
        page=result,
        filters=filters,
        errors=errors,
        choices=_choices(),
        fixed=fixed,
        when=when,
        archive_url=url_for(switch, **(request.view_args or {})),
        **context,
    )


def _choices() -> dict:
    """The values the filter form offers."""
    return {
        "site": db.session.scalars(db.select(Site).order_by(Site.id)).all(),
        "topic": db.session.scalars(db.select(Topic).order_by(Topic.slug)).all(),
        "series": db.session.scalars(db.select(Series).order_by(Series.slug)).all(),
        "organisation": db.session.scalars(
            db.select(Organisation).order_by(Organisation.slug)
        ).all(),
    }


@bp.route("/events/")
def index():
    return render_list("events/list.html", switch="events.past")


@bp.route("/events/past/")
def past():
    return render_list("events/list.html", when="past", switch="events.index")


@bp.route("/")
def home():
    return render_list("events/list.html", switch="events.past")


@bp.route("/events/<int:event_id>")
@bp.route("/events/<int:event_id>-<slug>")
def detail(event_id: int, slug: str | None = None):
    event = queries.get_event(event_id)
    if event is None:
        abort(404)
    return render_template("events/detail.html", event=event, days=timetable_days(event))
