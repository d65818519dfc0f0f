"""A feed's name and description in its language, from the filters it was asked with."""

from __future__ import annotations

from flask_babel import gettext as _

from eventapp.events.filters import EventFilters
from eventapp.extensions import db
from eventapp.feeds.ical import CalendarInfo
from eventapp.reference.models import Organisation, Series, Site, Topic

BRAND = "Entente CordIAle"


def _what(kinds: list[str]) -> str:
    if kinds == ["seminar"]:
        return _("Seminars")
    if kinds == ["workshop"]:
        return _("Workshops")
    if kinds == ["symposium"]:
        return _("Symposia")
    return _("Events")


def _one(model, slugs: list[str], field: str, lang: str) -> str | None:
    if len(slugs) != 1:
        return None
    obj = db.session.scalar(db.select(model).where(model.slug == slugs[0]))
    return obj.localised(field, lang).text if obj else None


def list_feed_info(filters: EventFilters, lang: str, url: str) -> CalendarInfo:
    """'Entente CordIAle — Seminars in Oxford', 'Entente CordIAle — Événements · Éthique'…"""
    name = _what(filters.type)
    site = _one(Site, filters.site, "name", lang)
    if site:
        name = _("%(what)s in %(site)s", what=name, site=site)
    for model, slugs, field in (
        (Series, filters.series, "title"),
        (Topic, filters.topic, "name"),
        (Organisation, filters.organisation, "name"),
    ):
        label = _one(model, slugs, field, lang)
        if label:
            name = f"{name} · {label}"
    # No commas or semicolons: ical.js shows calendar names and descriptions unescaped.
    description = _("Joint events of the Paris-Saclay – Oxford – Cambridge AI Initiative.")
    return CalendarInfo(name=f"{BRAND} — {name}", description=description, url=url)


def event_feed_info(title: str, url: str) -> CalendarInfo:
    return CalendarInfo(
        name=f"{BRAND} — {title}",
        description=_("An event of the Paris-Saclay – Oxford – Cambridge AI Initiative."),
        url=url,
    )
