"""Every UI string of the code and templates has a French translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "eventapp" / "translations"


def extract(tmp_path: Path) -> Path:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract",
         "--ignore-dirs=.* node_modules", "-F", str(TRANSLATIONS / "babel.cfg"),
         "-k", "_l", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return pot


def test_every_message_has_a_french_translation(tmp_path):
    with extract(tmp_path).open("rb") as f:
        template = read_po(f)
    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        french = read_po(f, locale="fr")
    untranslated = []
    for message in template:
        if not message.id:
            continue
        done = french.get(message.id)
        strings = () if done is None else done.string
        strings = (strings,) if isinstance(strings, str) else strings
        if done is None or done.fuzzy or not all(strings):
            untranslated.append(message.id)
    assert untranslated == [], "run `make extract-messages` and translate these"
    assert len(template) > 50  # the extraction really found the templates' strings


def test_extraction_covers_macros_and_partials(tmp_path):
    with extract(tmp_path).open("rb") as f:
        template = read_po(f)
    assert template.get("Clear filters") is not None
    assert template.get("Seminar") is not None
