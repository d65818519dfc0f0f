"""What every card of a list page shares, worked out once per page rather than once per card
(issue 14): the labels translated, the kinds and languages as the detail page's own macros say
them, and the links' prefixes, so that a card costs no `gettext` and no `url_for` of its own.

The card's HTML stays in templates/_macros/events.html (`event_card(event, kit)`); this only
hands it the pieces. Built in a request (for `url_for`'s script root) in the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import get_template_attribute, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.routing import BaseConverter, Map

from eventapp import dates
from eventapp.i18n import LANGUAGES
from eventapp.templating import fallback_note, page_lang, shown

KINDS = ("seminar", "workshop", "symposium")
SPOKEN = ("fr", "en", "both")
_MACROS = "_macros/events.html"
# How `url_for` writes a path segment (a slug): the converter's quoting, which needs no app.
_SEGMENT = BaseConverter(Map())


@dataclass(frozen=True, slots=True)
class Face:
    """One card's texts and links, escaped where they are HTML, for the card macro to place."""

    url: str
    title: Markup
    when: str
    kind: str
    site_url: str
    site: Markup
    hosts: tuple[tuple[str, Markup], ...]
    series_url: str
    series: Markup
    language: str
    summary: Markup


@dataclass(frozen=True, slots=True)
class CardKit:
    lang: str
    labels: Mapping[str, str]
    kinds: Mapping[str, str]
    spoken: Mapping[str, str]
    notes: Mapping[str, str]
    prefixes: Mapping[str, str]
    quote: BaseConverter
    spans: dates.Spans

    @classmethod
    def here(cls) -> CardKit:
        """The kit of the current page, in its language."""
        lang = page_lang()
        kind_label = get_template_attribute(_MACROS, "kind_label")
        language_label = get_template_attribute(_MACROS, "language_label")
        labels = {
            "cancelled": _("Cancelled"), "type": _("Type"), "site": _("Site"),
            "hosts": _("Hosted by"), "series": _("Series"), "language": _("Language"),
        }  # fmt: skip
        prefixes = {
            name: url_for(endpoint, lang=lang, slug="x")[:-1]
            for name, endpoint in (
                ("site", "reference.site"),
                ("organisation", "reference.organisation"),
                ("series", "reference.series"),
            )
        }
        prefixes["event"] = url_for("events.detail", lang=lang, event_id=0)[:-1]
        return cls(
            lang=lang,
            labels=labels,
            kinds={kind: str(kind_label(kind)) for kind in KINDS},
            spoken={language: str(language_label(language)) for language in SPOKEN},
            notes={other: fallback_note(other) for other in LANGUAGES},
            prefixes=prefixes,
            quote=_SEGMENT,
            spans=dates.Spans(lang),
        )

    def face(self, event) -> Face:
        """What `event`'s card shows, worked out in one call (each call from a template costs)."""
        site, series = event.site, event.series
        return Face(
            url=self.event_url(event),
            title=self.show(event, "title"),
            when=self.when(event),
            kind=self.kind(event.kind),
            site_url=self.url("site", site),
            site=self.show(site, "name"),
            hosts=tuple(
                (self.url("organisation", org), self.show(org, "name", False))
                for org in event.organisations
            ),
            series_url=self.url("series", series) if series else "",
            series=self.show(series, "title", False) if series else Markup(""),
            language=self.language(event.language),
            summary=self.show(event, "summary"),
        )

    def kind(self, kind: str) -> str:
        return self.kinds.get(kind) or self.kinds["symposium"]

    def language(self, language: str) -> str:
        return self.spoken.get(language) or self.spoken["both"]

    def show(self, obj, field: str, note: bool = True) -> Markup:
        """`show(obj, field, note)` in the kit's language, its fallback note translated once."""
        value = obj.localised(field, self.lang)
        return shown(value, self.notes[value.lang] if note and value.fallback else None)

    def event_url(self, event) -> str:
        """`event_url(event)`: the event's page, with the slug of its title when it has one."""
        slug = event.slug(self.lang)
        tail = f"{event.id}-{self.quote.to_url(slug)}" if slug else str(event.id)
        return self.prefixes["event"] + tail

    def url(self, kind: str, named) -> str:
        """The page of a site, organisation or series, as `url_for` gives it."""
        return self.prefixes[kind] + self.quote.to_url(named.slug)

    def when(self, event) -> str:
        return self.spans.span(
            event.start_at, event.end_at, event.site.timezone,
            all_day=event.all_day, last_day=event.last_day,
        )  # fmt: skip
