"""An event's card on the list pages, from rows: only the columns a card shows, read in two
statements for a whole page, and each card's HTML kept per language and data version.

A card (templates/_macros/events.html `event_card`) shows an event's title, status, dates in
its site's zone, type, site, accepted hosts, series, language and summary: nothing of its
registration (no places, no window), so the data version alone names what it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import get_template_attribute
from markupsafe import Markup
from sqlalchemy import select

from eventapp import pagecache
from eventapp.events.cardkit import CardKit
from eventapp.events.models import Event, event_organisations
from eventapp.extensions import db
from eventapp.i18n import Bilingual
from eventapp.reference.models import Organisation, Series, Site
from eventapp.text import slugify


@dataclass(frozen=True, slots=True)
class Named(Bilingual):
    """A site, series or host as a card links to it: its slug and bilingual name or title."""

    slug: str
    name_fr: str | None = None
    name_en: str | None = None
    title_fr: str | None = None
    title_en: str | None = None
    timezone: str = ""


@dataclass(frozen=True, slots=True)
class Card(Bilingual):
    """What an event's card shows, with the names the card template reads on an `Event`."""

    id: int
    kind: str
    status: str
    language: str
    all_day: bool
    start_at: datetime
    end_at: datetime
    title_fr: str | None
    title_en: str | None
    summary_fr: str | None
    summary_en: str | None
    site: Named
    series: Named | None
    organisations: tuple[Named, ...]

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def last_day(self) -> date:
        """The last day the event runs on (an all-day event's end is the next midnight)."""
        end = self.end_at.astimezone(ZoneInfo(self.site.timezone)).date()
        return end - timedelta(days=1) if self.all_day else end

    def slug(self, lang: str) -> str:
        return slugify(self.localised("title", lang).text)


_EVENT_COLUMNS = (
    Event.id, Event.kind, Event.status, Event.language, Event.all_day, Event.start_at,
    Event.end_at, Event.title_fr, Event.title_en, Event.summary_fr, Event.summary_en,
)  # fmt: skip
_SITE_COLUMNS = (Site.slug, Site.name_fr, Site.name_en, Site.timezone)
_SERIES_COLUMNS = (Series.slug, Series.title_fr, Series.title_en)


def load_cards(event_ids: Sequence[int]) -> dict[int, Card]:
    """The cards of these events by id (any status; an id with no event has none): the events
    with their site and series in one statement, their accepted hosts in a second."""
    if not event_ids:
        return {}
    hosts = _hosts(event_ids)
    rows = db.session.execute(
        select(*_EVENT_COLUMNS, *_SITE_COLUMNS, *_SERIES_COLUMNS)
        .join(Site, Site.id == Event.site_id)
        .outerjoin(Series, Series.id == Event.series_id)
        .where(Event.id.in_(event_ids))
    )
    cards = {}
    for row in rows:
        event = row[: len(_EVENT_COLUMNS)]
        site_slug, site_fr, site_en, zone, series_slug, series_fr, series_en = row[len(event) :]
        series = None if series_slug is None else Named(series_slug, title_fr=series_fr,
                                                         title_en=series_en)  # fmt: skip
        site = Named(site_slug, name_fr=site_fr, name_en=site_en, timezone=zone)
        cards[event[0]] = Card(*event, site, series, tuple(hosts.get(event[0], ())))
    return cards


def _hosts(event_ids: Sequence[int]) -> dict[int, list[Named]]:
    """The accepted hosts of these events, in the order they were added (an invited co-host
    shows nowhere until it accepts)."""
    hosts: dict[int, list[Named]] = {}
    rows = db.session.execute(
        select(event_organisations.c.event_id, Organisation.slug, Organisation.name_fr,
               Organisation.name_en)
        .join(Organisation, Organisation.id == event_organisations.c.organisation_id)
        .where(event_organisations.c.event_id.in_(event_ids),
               event_organisations.c.accepted_at.is_not(None))
        .order_by(event_organisations.c.id)
    )  # fmt: skip
    for event_id, slug, name_fr, name_en in rows:
        hosts.setdefault(event_id, []).append(Named(slug, name_fr=name_fr, name_en=name_en))
    return hosts


def render_card(card: Card | Event) -> Markup:
    """One card's HTML in the page's language, as a list shows it."""
    return render_cards([card])[0]


def render_cards(cards: Iterable[Card | Event]) -> list[Markup]:
    """These cards' HTML in the page's language: the labels and links they share worked out
    once (`CardKit`), then the card macro for each."""
    kit = CardKit.here()
    card_macro = get_template_attribute("_macros/events.html", "event_card")
    return [card_macro(card, kit) for card in cards]


def kept_cards(event_ids: Sequence[int], lang: str) -> list[Markup]:
    """The cards of these events in this order, in `lang`: each kept in the page memo under the
    data version (which moves with any change a card shows), the missing ones read together."""
    keys = {event_id: pagecache.data_key("card", lang, event_id) for event_id in event_ids}

    def build(missing: list[int]) -> dict[int, str]:
        cards = load_cards(missing)
        return dict(zip(cards, render_cards(cards.values()), strict=True))

    found = pagecache.fragments(keys, build)
    return [found[event_id] for event_id in event_ids if event_id in found]
