"""`make run` gives the app the base URL of the port it serves on (issue 14, item 8)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from eventapp.config import load_config

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make here")


def _flask_commands(**env: str) -> list[list[str]]:
    """The flask commands `make run` would start, each as its words (a dry run: nothing runs)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"EVENTAPP_BASE_URL", "PORT"}}
    out = subprocess.run(
        ["make", "-n", "run"],
        cwd=ROOT,
        env=environ | env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = []
    for line in out.splitlines():
        words = shlex.split(line.split("&")[0].rstrip("; \\"), comments=True)
        if any(word.endswith("/flask") for word in words):
            commands.append(words)
    return commands


def _base_url(words: list[str], tmp_path) -> str:
    """The base URL the app loads when started with the command's environment assignments."""
    assignments = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))
    saved = os.environ.copy()
    try:
        os.environ.pop("EVENTAPP_BASE_URL", None)
        os.environ.update(assignments)
        return load_config(str(tmp_path))["EVENTAPP_BASE_URL"]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    commands = _flask_commands(PORT="5601")
    names = {words[words.index("--app") + 2] for words in commands}
    assert {"db", "seed-demo", "worker", "run"} <= names
    for words in commands:
        assert _base_url(words, tmp_path) == "http://127.0.0.1:5601", words


def test_make_run_keeps_a_base_url_that_is_set(tmp_path):
    commands = _flask_commands(PORT="5601", EVENTAPP_BASE_URL="https://events.example.org")
    assert commands
    for words in commands:
        assert _base_url(words, tmp_path) == "https://events.example.org", words
