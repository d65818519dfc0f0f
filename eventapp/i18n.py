"""Languages: the supported locales, locale selection and bilingual-field helpers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "lang"
API_PREFIX = "/api/"


def other_language(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def preferred_language() -> str:
    """The saved preference, then Accept-Language, then English (for `/` and errors)."""
    saved = request.cookies.get(LANG_COOKIE)
    if saved in LANGUAGES:
        return saved
    return accepted_language()


def accepted_language() -> str:
    """The first of `Accept-Language` (by quality) that we serve, `fr-CA` counting as `fr`."""
    for value, _quality in request.accept_languages:
        primary = value.split("-")[0].split("_")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector: the path's language, else the preference; API: the header."""
    if not has_request_context():
        return DEFAULT_LANGUAGE  # commands and tests; mail sets its own with force_locale
    if has_request_context() and request.path.startswith(API_PREFIX):
        # The contract: API messages follow Accept-Language alone; the cookie has no say.
        return accepted_language()
    lang = getattr(g, "lang", None) or path_language(request.path)
    return lang if lang in LANGUAGES else preferred_language()


def path_language(path: str) -> str | None:
    """The language a path names (`/fr/...`, `/feeds/fr/...`), even one no route matched: the
    router's own 404 (an unknown page, an id too large, a NUL byte) speaks the page's language."""
    parts = path.split("/")[1:3]
    if parts and parts[0] == "feeds":
        parts = parts[1:]
    return parts[0] if parts and parts[0] in LANGUAGES else None


@dataclass(frozen=True)
class Localised:
    """A bilingual field's value in one language, and the language it is actually written in."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class Bilingual:
    """Mixin for models with `<field>_fr` / `<field>_en` columns."""

    def localised(self, field: str, lang: str) -> Localised:
        """The field in `lang`, or in the other language (marked as a fallback) when missing."""
        value = getattr(self, f"{field}_{lang}", None)
        if value:
            return Localised(value, lang, False)
        other = other_language(lang)
        value = getattr(self, f"{field}_{other}", None)
        if value:
            return Localised(value, other, True)
        return Localised("", lang, False)

    def pair(self, field: str) -> dict[str, str | None]:
        """Both values as the API shows them, `{"fr": ..., "en": ...}`, None where not written."""
        return {lang: getattr(self, f"{field}_{lang}", None) or None for lang in LANGUAGES}
