"""The list of upcoming events, its archive of past ones, and the page of one event."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, g, render_template, request, url_for

from eventapp import pagecache
from eventapp.events import cards, queries
from eventapp.events.filters import EventFilters, parse_filters, parse_page
from eventapp.events.reader_parts import event_parts
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
    """Parse the filters, find the page's events (`when`: "upcoming" or "past", newest first)
    and render `template` with their cards (`cards`); bad values get a message. `switch` is the
    endpoint of the other view (the archive of an upcoming list, and back), linked with the
    same filters.

    The list itself (filters and cards) is a fragment kept per data version (`pagecache`), and
    an anonymous reader's whole page too: a request that finds them runs no list query."""
    filters, errors = parse_filters(request.args)
    fixed = [n for n in FIXABLE if base_filters and getattr(base_filters, n)]
    for name in fixed:
        setattr(filters, name, getattr(base_filters, name))
    page, page_error = parse_page(request.args.get("page"))
    if page_error:
        errors["page"] = page_error
    now = clock.now()
    per_page = current_app.config["EVENTS_PER_PAGE"]
    # The raw query, not its parsed arguments: the page's links repeat it as it was written.
    query = request.query_string
    key = pagecache.page_key(template, g.lang, request.path, query, per_page, now=now)
    archive_url = url_for(switch, **(request.view_args or {}))

    def list_body() -> str:
        found = queries.find_page(
            filters, now=now, page=page, per_page=per_page, when=when,
            count_up_to=queries.SEARCH_COUNT,
        )  # fmt: skip
        return render_template(
            "_partials/list_body.html", page=card_page(found), filters=filters, errors=errors,
            choices=_choices(), fixed=fixed, when=when, archive_url=archive_url,
        )  # fmt: skip

    def whole_page() -> str:
        return render_template(
            template,
            list_body=pagecache.fragment(key, list_body),
            filters=filters,
            fixed=fixed,
            when=when,
            archive_url=archive_url,
            **context,
        )

    if pagecache.is_anonymous_reader():
        return pagecache.anonymous_page(key, whole_page)
    return whole_page()


def card_page(found: queries.Page) -> queries.Page:
    """A page of ids (`queries.find_page`) as its events' cards in the page's language."""
    return replace(found, items=cards.kept_cards(found.items, g.lang))


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
    """One event's page, kept per data version and registration state (`pagecache`): an
    anonymous reader's whole, so a request that finds it reads no event; anyone else's as a body
    with holes, into which their own parts are joined (`reader_parts`), read small."""

    def build() -> str:
        event = queries.get_event(event_id)
        if event is None:
            abort(404)
        return render_template("events/detail.html", event=event, days=timetable_days(event))

    places = pagecache.places_state([event_id], clock.now())
    key = pagecache.page_key("event", g.lang, request.path, request.query_string, places)
    if pagecache.is_anonymous_reader():
        return pagecache.anonymous_page(key, build)
    return pagecache.joined_page(pagecache.subkey(key, "holes"), build, event_parts(event_id))
