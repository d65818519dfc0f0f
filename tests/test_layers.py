"""The features talk through signals: imports run down the layers, never up, never hidden."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "eventapp"
# What sits above events: it may import events, never the other way round.
ABOVE_EVENTS = (
    "registrations", "feeds", "mail", "api", "workspace", "admin", "demo", "imports", "follows",
)  # fmt: skip


def _imports(path: Path) -> list[tuple[str, bool]]:
    """Every module `path` imports, and whether the import sits inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.append((inner.module, True))
        elif isinstance(node, ast.Module):
            for top in node.body:
                if isinstance(top, ast.ImportFrom) and top.module:
                    found.append((top.module, False))
    return found


def test_events_import_nothing_from_the_features_above_them():
    upward = [
        (path.name, module)
        for path in sorted((PACKAGE / "events").glob("*.py"))
        for module, _inside in _imports(path)
        if module.startswith(tuple(f"eventapp.{name}" for name in ABOVE_EVENTS))
    ]
    assert upward == []


def test_no_feature_hides_an_import_inside_a_function_to_dodge_a_cycle():
    features = ("events", "registrations", "feeds", "reference", "accounts", "imports", "follows")
    hidden = [
        (f"{feature}/{path.name}", module)
        for feature in features
        for path in sorted((PACKAGE / feature).glob("*.py"))
        for module, inside in _imports(path)
        if inside and module.startswith("eventapp.")
    ]
    assert hidden == []


SERVICES = (
    "registrations/services.py", "registrations/notify.py", "registrations/reminders.py",
    "registrations/links.py", "registrations/guests.py", "registrations/subscribers.py",
    "mail/services.py", "mail/delivery.py", "mail/rendering.py",
    "accounts/mails.py", "accounts/services.py", "feeds/links.py", "feeds/tokens.py",
    "personal/export.py", "personal/erasure.py", "personal/mails.py",
    "imports/parse.py", "imports/fetch.py", "imports/upsert.py", "imports/sync.py",
    "follows/services.py", "follows/notify.py", "follows/digest.py", "follows/targets.py",
    "follows/tokens.py",
)  # fmt: skip
# What only the edge (views, commands, templating) may reach for: the rest is passed in.
APP_GLOBALS = {
    "flask": {"current_app", "g"},
    "flask.globals": {"current_app", "g"},
    "eventapp.settings": {"current_settings"},
}


def _names_imported(path: Path) -> set[tuple[str, str]]:
    """Every (module, name) of `path`'s `from module import name`, wherever it sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def test_services_are_given_the_app_s_settings_and_never_reach_for_them():
    events = [
        f"events/{p.name}"
        for p in sorted((PACKAGE / "events").glob("*.py"))
        if p.name != "views.py"
    ]
    reaching = [
        (name, f"{module}.{imported}")
        for name in (*SERVICES, *events)
        for module, imported in _names_imported(PACKAGE / name)
        if imported in APP_GLOBALS.get(module, ())
    ]
    assert reaching == []
    assert len(events) > 5  # the glob found the events package
