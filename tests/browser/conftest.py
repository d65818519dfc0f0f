"""Fixtures: a live server on the test database, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator

import pytest
from support import need
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium hangs on this machine's refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def _browser_env() -> dict[str, str]:
    """The environment without libfaketime: the faked-clock run moves the server's clock (this
    process), while Chromium, whose timers hang under a faked clock, keeps the real one."""
    faked = ("LD_PRELOAD", "FAKETIME")
    return {k: v for k, v in os.environ.items() if not k.startswith(faked)}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    need(
        sync_playwright is not None,
        "the playwright package is not installed (pip install -e '.[test]')",
    )
    need(
        os.access(CHROMIUM, os.X_OK),
        f"Chromium is not installed ({CHROMIUM}; apt-get install chromium)",
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=_browser_env()
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served over HTTP on a free port; each request gets its own app context."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh browser context (`timezone_id`, `viewport`, … as keywords)."""
    contexts = []

    def open_page(**context_options):
        context_options.setdefault("timezone_id", "Europe/Paris")
        context = browser.new_context(base_url=live_server, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a desktop-sized browser whose clock is on Paris time."""
    return new_page()
