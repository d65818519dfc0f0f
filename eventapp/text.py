"""Text helpers shared by features: accent-blind folding for search, and slugs."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, and_, true

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case `text` and strip its accents, so that 'Éthique' and 'ethique' compare equal."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c))


def slugify(text: str | None, max_length: int = 60) -> str:
    """An ASCII slug of `text` ('IA & Éthique' -> 'ia-ethique')."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-")


def has_every_word(folded_column, query: str | None) -> ColumnElement[bool]:
    """True where the (already folded) column contains each word of `query`, accents aside."""
    words = fold(query).split()
    if not words:
        return true()
    return and_(*(folded_column.like(f"%{_escape_like(word)}%", escape="\\") for word in words))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
