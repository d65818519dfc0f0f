"""The pages of a series, a site, a topic, an organisation and a speaker, each with its upcoming
events and its archive of past ones."""

from __future__ import annotations

from flask import Blueprint

from eventapp.events import queries
from eventapp.events.filters import EventFilters
from eventapp.events.views import card_page, render_list
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic

RECENT_TALKS = 3  # the past talks a speaker's page shows below the upcoming ones

bp = Blueprint("reference", __name__, url_prefix="/<lang>")


def _list_page(name: str, model: type, slug: str, *, past: bool):
    """The page of `model`'s row `slug` (404 when there is none), listing its events."""
    found = db.first_or_404(db.select(model).where(model.slug == slug))
    return render_list(
        f"reference/{name}.html",
        base_filters=EventFilters(**{name: [slug]}),
        when="past" if past else "upcoming",
        switch=f"reference.{name}" if past else f"reference.{name}_past",
        **{name: found},
    )


@bp.route("/series/<slug>")
def series(slug: str):
    return _list_page("series", Series, slug, past=False)


@bp.route("/series/<slug>/past/")
def series_past(slug: str):
    return _list_page("series", Series, slug, past=True)


@bp.route("/sites/<slug>")
def site(slug: str):
    return _list_page("site", Site, slug, past=False)


@bp.route("/sites/<slug>/past/")
def site_past(slug: str):
    return _list_page("site", Site, slug, past=True)


@bp.route("/topics/<slug>")
def topic(slug: str):
    return _list_page("topic", Topic, slug, past=False)


@bp.route("/topics/<slug>/past/")
def topic_past(slug: str):
    return _list_page("topic", Topic, slug, past=True)


@bp.route("/organisations/<slug>")
def organisation(slug: str):
    return _list_page("organisation", Organisation, slug, past=False)


@bp.route("/organisations/<slug>/past/")
def organisation_past(slug: str):
    return _list_page("organisation", Organisation, slug, past=True)


@bp.route("/speakers/<int:person_id>")
def speaker(person_id: int):
    found = db.get_or_404(Person, person_id)
    recent = card_page(queries.find_page(
        EventFilters(speaker=[person_id]), now=clock.now(), per_page=RECENT_TALKS, when="past"
    ))  # fmt: skip
    return render_list(
        "reference/speaker.html",
        base_filters=EventFilters(speaker=[person_id]),
        switch="reference.speaker_past",
        speaker=found,
        recent=recent,
    )


@bp.route("/speakers/<int:person_id>/past/")
def speaker_past(person_id: int):
    found = db.get_or_404(Person, person_id)
    return render_list(
        "reference/speaker.html",
        base_filters=EventFilters(speaker=[person_id]),
        when="past",
        switch="reference.speaker",
        speaker=found,
    )
