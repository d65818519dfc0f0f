"""Markdown written by organisers, rendered to HTML that cannot carry a script."""

from __future__ import annotations

import html as htmllib
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip


def render_markdown(text: str | None) -> Markup:
    """Markdown to sanitised HTML: no raw HTML, no event handler, only http(s) and mailto links."""
    if not text:
        return Markup("")
    html = _md.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


# An imported calendar's HTML description (Indico, Google, Outlook's X-ALT-DESC) becomes Markdown
# that `render_markdown` then shows: first cleaned by the same rules (nh3, the same tags, only
# http(s) and mailto links), then its few structures written as Markdown, the rest as text.
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|ul|ol|blockquote|pre|table|tr)>|<hr>", re.I)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_INLINE = {"strong": "**", "em": "*", "code": "`"}


def html_to_markdown(html: str) -> str:
    """Sanitised HTML as Markdown text: paragraphs, line breaks, lists, emphasis and links."""
    clean = nh3.clean(
        html,
        tags=_TAGS | {"b", "i", "div", "span", "table", "tr", "td", "th", "tbody", "h1"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    clean = re.sub(r"</?b>", "**", clean, flags=re.I)
    clean = re.sub(r"</?i>", "*", clean, flags=re.I)
    for tag, mark in _INLINE.items():
        clean = re.sub(rf"</?{tag}>", mark, clean, flags=re.I)
    clean = re.sub(r"<br\s*/?>", "\n", clean, flags=re.I)
    clean = re.sub(r"<li>", "\n- ", clean, flags=re.I)
    clean = _BLOCK_END.sub("\n\n", clean)
    clean = _LINK.sub(lambda m: _link(m.group(1), m.group(2)), clean)
    text = htmllib.unescape(_TAG.sub("", clean))
    lines = [line.rstrip() for line in text.replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _link(href: str, label: str) -> str:
    label = _TAG.sub("", label).strip() or href
    href = htmllib.unescape(href)
    return label if label == href else f"[{label}]({href})"
