"""What templates can call: localised fields, dates in the event's zone, Markdown, links."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from eventapp import dates
from eventapp.feeds.links import FeedLinks, feed_links, google_calendar_url, outlook_calendar_url
from eventapp.i18n import LANGUAGES, Localised, other_language, select_locale
from eventapp.markup import render_markdown
from eventapp.settings import current_settings


def page_lang() -> str:
    return getattr(g, "lang", None) or select_locale()


def tr(obj, field: str) -> Localised:
    """A bilingual field in the page's language, or its fallback."""
    return obj.localised(field, page_lang())


def show(obj, field: str, note: bool = True) -> Markup:
    """A bilingual field as HTML: a fallback is wrapped with its `lang` and a discreet note."""
    value = tr(obj, field)
    return shown(value, fallback_note(value.lang) if note and value.fallback else None)


def shown(value: Localised, note: str | None = None) -> Markup:
    """A localised value as HTML: a fallback wrapped with its `lang`, then `note` if given."""
    if not value.fallback:
        return escape(value.text)
    html = Markup('<span lang="{}">{}</span>').format(value.lang, value.text)
    if note:
        html += Markup(' <span class="fallback-note">{}</span>').format(note)
    return html


def show_markdown(obj, field: str) -> Markup:
    value = tr(obj, field)
    body = render_markdown(value.text)
    if not value.fallback:
        return body
    return Markup('<div lang="{}">{}</div><p class="fallback-note">{}</p>').format(
        value.lang, body, fallback_note(value.lang)
    )


def fallback_note(lang: str) -> str:
    from flask_babel import gettext as _

    return _("(in French)") if lang == "fr" else _("(in English)")


def event_when(event) -> str:
    return dates.span(
        event.start_at, event.end_at, event.site.timezone, page_lang(),
        all_day=event.all_day, last_day=event.last_day,
    )  # fmt: skip


def event_when_for(event, lang: str) -> str:
    """An event's dates in a given language (mail goes out in the recipient's)."""
    return dates.span(
        event.start_at, event.end_at, event.site.timezone, lang,
        all_day=event.all_day, last_day=event.last_day,
    )  # fmt: skip


def event_url(event, lang: str | None = None, **kwargs) -> str:
    lang = lang or page_lang()
    slug = event.slug(lang)
    if slug:
        kwargs["slug"] = slug
    return url_for("events.detail", lang=lang, event_id=event.id, **kwargs)


def switch_url(lang: str) -> str:
    """The current page in another language, with its query string."""
    rule = request.url_rule
    if request.endpoint and request.view_args is not None and rule and "lang" in rule.arguments:
        url = url_for(request.endpoint, **dict(request.view_args, lang=lang))
        query = request.query_string.decode()
        return f"{url}?{query}" if query else url
    return url_for("events.index", lang=lang)


def list_query(filters, fixed=(), page: int | None = None) -> str:
    """`?...` carrying the list's filters (less those the page itself fixes) to another page."""
    args = {k: v for k, v in filters.as_args().items() if k not in fixed}
    if page and page > 1:
        args["page"] = str(page)
    return "?" + urlencode(args, doseq=True) if args else "?"


def safe_url(url: str | None) -> str:
    """A link written by a user, kept only when it is http(s): never `javascript:` or `data:`."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return ""


def page_feed_links(path: str, args: dict | None = None) -> FeedLinks:
    """The feed's links on this app's base URL (templates call it as `feed_links`)."""
    return feed_links(path, args, base_url=current_settings().base_url)


def google_link(event) -> str:
    lang = page_lang()
    page = current_app.config["EVENTAPP_BASE_URL"] + event_url(event, lang)
    return google_calendar_url(event, lang, tr(event, "title").text, page)


def outlook_link(event, kind: str = "outlook") -> str:
    lang = page_lang()
    page = current_app.config["EVENTAPP_BASE_URL"] + event_url(event, lang)
    return outlook_calendar_url(event, lang, tr(event, "title").text, page, kind=kind)


def colon() -> str:
    """The colon after a label: French puts a narrow no-break space before it ("Lieu :")."""
    return "\u202f:" if page_lang() == "fr" else ":"


def field_attrs(field, help_text: str | None = None, autocomplete: str | None = None) -> dict:
    """HTML attributes tying a form control to its help and error texts."""
    described = [f"{field.id}-help"] if help_text else []
    attrs: dict[str, str] = {}
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return attrs


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        page_lang=page_lang,
        other_language=other_language,
        LANGUAGES=LANGUAGES,
        tr=tr,
        show=show,
        show_markdown=show_markdown,
        event_when=event_when,
        event_url=event_url,
        event_when_for=event_when_for,
        switch_url=switch_url,
        list_query=list_query,
        safe_url=safe_url,
        feed_links=page_feed_links,
        google_link=google_link,
        outlook_link=outlook_link,
        colon=colon,
        field_attrs=field_attrs,
        zone_label=dates.zone_label,
        format_day=lambda d: dates.day(d, page_lang()),
        format_clock=lambda dt, tz: dates.clock(dt, tz, page_lang()),
        format_instant=lambda dt, lang=None: dates.instant(dt, lang or page_lang()),
    )
    app.jinja_env.filters["markdown"] = render_markdown
