"""No user-visible text in a template outside the translation calls.

The catalogue test sees only what is already wrapped in `_()`; a bare English sentence would pass
it and show up, untranslated, on the French pages. This check reads every template with the app's
own Jinja parser, keeps what is written literally (the template data and constant strings
printed as they are, not what `{{ … }}` computes), reads that as HTML and reports each text, and
each attribute people read (`title`, `alt`, `aria-label`, `placeholder`…), that holds a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# Attributes whose values people read (or hear, with a screen reader).
VISIBLE_ATTRIBUTES = {
    "title", "alt", "placeholder", "label", "aria-label", "aria-description",
    "aria-placeholder", "aria-roledescription", "aria-valuetext",
}  # fmt: skip
# Arguments of our macros (and WTForms' fields) that end up on the page.
VISIBLE_ARGUMENTS = VISIBLE_ATTRIBUTES | {"help", "hint", "message", "description"}
BUTTON_INPUTS = {"submit", "button", "reset"}  # whose `value` is their label
HIDDEN_ELEMENTS = {"script", "style"}
# Stands for what an expression prints: never a word, never HTML.
HOLE = "\x00"
# A word: two letters or more (a lone letter, a digit, punctuation and symbols say nothing).
WORD = re.compile(r"[^\W\d_]{2,}")
# Names written the same in both languages: the partnership, its sites, two programs. (Google
# Calendar is "Google Agenda" in French, Apple's "Calendrier": those go through `_()`.)
SAME_IN_EVERY_LANGUAGE = ("Entente CordIAle", "Paris-Saclay", "Oxford", "Cambridge", "Outlook",
                          "Thunderbird")  # fmt: skip
# Addresses and paths ("/events/", "https://…") are not words to translate.
ADDRESS = re.compile(r"(?:\w+://|/)\S*")


@dataclass(frozen=True)
class Piece:
    """A stretch of the skeleton that the template wrote literally, and where it came from."""

    start: int
    lineno: int
    text: str


class Skeleton:
    """The template's literal text in source order, each printed expression replaced by HOLE,
    with the way back from a position in it to a line of the template."""

    def __init__(self, tree: nodes.Template) -> None:
        self.pieces: list[Piece] = []
        self.parts: list[str] = []
        self.size = 0
        self._walk(tree)
        self.text = "".join(self.parts)

    def _add(self, text: str, lineno: int | None) -> None:
        if lineno is not None:
            self.pieces.append(Piece(self.size, lineno, text))
        self.parts.append(text)
        self.size += len(text)

    def _walk(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self._add(child.data, child.lineno)
                    continue
                # A string printed as it is counts as written where it is printed: in a
                # `class` it is no one's reading, in a paragraph it is.
                self._add(HOLE, None)
                for constant in _printed_constants(child):
                    self._add(constant.value, constant.lineno)
                    self._add(HOLE, None)
            return
        for child in node.iter_child_nodes():
            self._walk(child)

    def line(self, offset: int) -> int:
        """The template's line of the skeleton's character at `offset`."""
        for piece in reversed(self.pieces):
            if piece.start <= offset:
                return piece.lineno + piece.text.count("\n", 0, offset - piece.start)
        return 1


def _printed_constants(expr: nodes.Node) -> list[nodes.Const]:
    """String constants an expression prints as they are: `{{ "Hi" }}`, `{{ "Hi"|upper }}`,
    `{{ x or "None yet" }}`, not the arguments of a call (`_("…")` or a macro's options)."""
    if isinstance(expr, nodes.Const):
        return [expr] if isinstance(expr.value, str) else []
    if isinstance(expr, nodes.Filter | nodes.Test):
        return _printed_constants(expr.node) if expr.node is not None else []
    if isinstance(expr, nodes.CondExpr):
        otherwise = _printed_constants(expr.expr2) if expr.expr2 is not None else []
        return [*_printed_constants(expr.expr1), *otherwise]
    if isinstance(expr, nodes.Or | nodes.And | nodes.Concat | nodes.Add):
        return [c for child in expr.iter_child_nodes() for c in _printed_constants(child)]
    return []


def _visible_arguments(tree: nodes.Template) -> list[tuple[int, str]]:
    """Strings given as they are to an argument that is shown: `field(f, help="Optional")`."""
    return [
        (constant.lineno, constant.value)
        for call in tree.find_all(nodes.Call)
        for keyword in call.kwargs
        if keyword.key in VISIBLE_ARGUMENTS
        for constant in _printed_constants(keyword.value)
    ]


class _VisibleText(HTMLParser):
    """Collects (skeleton offset, text) for each text people see in an HTML skeleton."""

    def __init__(self, skeleton: str) -> None:
        super().__init__(convert_charrefs=False)  # entities split words, and keep offsets true
        self.found: list[tuple[int, str]] = []
        self.hidden = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", skeleton)]
        self.feed(skeleton)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        self._attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs) -> None:
        self._attributes(tag, attrs)

    def handle_endtag(self, tag) -> None:
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.found.append((self._offset(), data))

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw, start = self.get_starttag_text() or "", self._offset()
        kind = dict(attrs).get("type", "")
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag in ("input", "button") and kind in BUTTON_INPUTS
            )
            if visible and value:
                at = max(raw.lower().find(f"{name}="), 0)
                # The value as one piece: its words are reported at the attribute's line.
                self.found.append((start + at, value.replace(HOLE, "…").replace("\n", " ")))


def _has_words(text: str) -> bool:
    text = ADDRESS.sub(" ", text)
    for name in SAME_IN_EVERY_LANGUAGE:
        text = text.replace(name, " ")
    return WORD.search(text) is not None


def offenders(env: Environment, source: str, name: str) -> list[str]:
    """`name:line: 'text'` for each piece of user-visible text written outside `_()`."""
    tree = env.parse(source, name)
    skeleton = Skeleton(tree)
    found = _visible_arguments(tree)
    # A plain-text mail is all text; anything else is read as HTML.
    texts = [(0, skeleton.text)] if name.endswith(".txt") else _VisibleText(skeleton.text).found
    for offset, text in texts:
        # Each stretch between two printed expressions on its own, at the line it starts on.
        for stretch in re.finditer(rf"[^{HOLE}]+", text):
            words = stretch.group()
            at = offset + stretch.start() + len(words) - len(words.lstrip())
            found.append((skeleton.line(at), words))
    return [
        f"{name}:{lineno}: {' '.join(text.split())!r}"
        for lineno, text in sorted(found, key=lambda item: item[0])
        if _has_words(text)
    ]


def all_offenders(env: Environment, folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".txt"):
            name = path.relative_to(folder.parent).as_posix()
            found += offenders(env, path.read_text(encoding="utf-8"), name)
    return found


@pytest.fixture(scope="module")
def env() -> Environment:
    from eventapp import create_app

    return create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).jinja_env


def test_every_template_keeps_its_text_in_translation_calls(env) -> None:
    found = all_offenders(env, TEMPLATES)
    assert found == [], "wrap these in {{ _('…') }}:\n" + "\n".join(found)


def test_the_check_reads_every_template(env) -> None:
    names = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.*")}
    assert {"base.html", "events/detail.html", "mail/_layout.txt"} <= names
    assert len(names) > 60


PLANTED = """{% extends "base.html" %}
{% block content %}
  <h1>{{ _('Events') }}</h1>
  <p class="lead">
    {{ count }} &middot; {{ _('found') }}
    Please register before Friday.
  </p>
  <a href="{{ url }}" class="button primary" title="Open the programme">&rarr;</a>
  <img src="/x.png" alt="{{ _('Logo') }}">
  <input type="search" name="q" placeholder="Search events" value="{{ q }}">
  <input type="submit" value="Send">
  <span aria-label="Close {{ name }}">×</span>
  {% trans %}A translated sentence.{% endtrans %}
  {{ "Nothing yet" if not items }}
  {{ forms.field(form.name, help="As on your badge", autocomplete="name") }}
  <script src="/static/js/x.js"></script>
  <!-- a comment nobody sees -->
  Entente CordIAle — 2026
{% endblock %}
"""


def test_the_check_finds_planted_english(env) -> None:
    assert offenders(env, PLANTED, "planted.html") == [
        "planted.html:6: 'Please register before Friday.'",
        "planted.html:8: 'Open the programme'",
        "planted.html:10: 'Search events'",
        "planted.html:11: 'Send'",
        "planted.html:12: 'Close …'",
        "planted.html:14: 'Nothing yet'",
        "planted.html:15: 'As on your badge'",
    ]
    assert offenders(env, "<p class=\"{{ 'a' if x else 'big' }}\">…</p>", "c.html") == []


def test_the_check_finds_planted_english_in_plain_text_mail(env) -> None:
    mail = "{{ _('Hello %(name)s,', name=name) }}\n\nSee you soon.\n<{{ url }}> {{ _('or') }}\n"
    mail += "<!-- {{ _('Sent by') }} --> <b>the team</b>\n"
    # Not read as HTML: what would be a comment or a tag there is shown as it is.
    assert offenders(env, mail, "mail/x.txt") == [
        "mail/x.txt:3: 'See you soon. <'",
        "mail/x.txt:5: '--> <b>the team</b>'",
    ]


def test_a_sentence_planted_in_a_real_template_fails_the_whole_check(env, tmp_path) -> None:
    copy = tmp_path / "templates"
    (copy / "events").mkdir(parents=True)
    page = (TEMPLATES / "events" / "detail.html").read_text(encoding="utf-8")
    lines = page.splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if "{% block content %}" in text) + 1
    lines.insert(line, "<p>Doors open at six.</p>\n")
    (copy / "events" / "detail.html").write_text("".join(lines), encoding="utf-8")
    assert all_offenders(env, copy) == [
        f"templates/events/detail.html:{line + 1}: 'Doors open at six.'"
    ]
