"""Rendering a message's subject, text and HTML from `templates/mail/` in one language.

A mail is two templates, `mail/<name>.txt` and `mail/<name>.html`. The subject is either given by
the caller or set at the top level of the text template: `{% set subject = _('...') %}`; the
HTML template receives it as `subject` (for its `<title>`). Flask autoescapes `.html` templates
only, so the text part is never HTML-escaped. Every template also receives `lang`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from jinja2 import Environment

TEMPLATE_DIR = "mail"
SUBJECT_MAX = 300  # the outbox column's length


@dataclass(frozen=True)
class RenderedMail:
    """A message's three texts, in the recipient's language."""

    subject: str
    text: str
    html: str


class MissingSubject(ValueError):
    """Neither the caller nor the text template gave the message a subject."""


def render_mail(
    templates: Environment,
    template: str,
    language: str,
    context: dict[str, Any],
    subject: str | None = None,
) -> RenderedMail:
    """Render `mail/<template>.txt` and `.html` (and the subject) in `language` from `templates`."""
    # The language is passed, never taken from the page (`g`): `force_locale` sets what `_()`
    # and Babel's formats use, and the templates give `lang` to the helpers that format.
    with force_locale(language):
        values = dict(context, lang=language)
        module = templates.get_template(f"{TEMPLATE_DIR}/{template}.txt").make_module(values)
        text = str(module)
        subject = subject if subject is not None else getattr(module, "subject", None)
        if not subject or not str(subject).strip():
            raise MissingSubject(f"mail/{template}: no subject given or set in the text template")
        subject = one_line(str(subject))[:SUBJECT_MAX]
        values["subject"] = subject
        html = templates.get_template(f"{TEMPLATE_DIR}/{template}.html").render(values)
    return RenderedMail(subject=subject, text=text.strip() + "\n", html=html)


def one_line(value: str) -> str:
    """Collapse whitespace, line breaks included: a header must stay on one line."""
    return " ".join(value.split())
