"""Everything besides an event's own data that shapes its feed bytes, as one short digest.

A stored block, and a feed's ETag, are current only while this digest is the one they were made
with. It covers the deployment's settings that end up in the bytes (the base URL of every link,
the UID domain), the compiled catalogues (the feeds' fixed texts: "[CANCELLED]", "Where: …"),
and the source of the modules that turn events into bytes. So a new base URL, a corrected
translation or a changed builder rebuilds every block on the next request, and nobody has to
remember to bump `BUILDER_VERSION` (which stays, for changes elsewhere: an event's slug rule).
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from flask import current_app

from eventapp.feeds.ical import BUILDER_VERSION

# The modules whose code decides the bytes of a block: the serialiser, the data it is given
# (and the rows it is read from), and how blocks are cut (an event's part and its sessions'
# part). Named, not imported: blocks imports this module.
BUILDER_MODULES = (
    "eventapp.feeds.ical",
    "eventapp.feeds.content",
    "eventapp.feeds.rows",
    "eventapp.feeds.blocks",
)
DIGEST_LENGTH = 16  # hex characters: a block's stamp column holds 64


def _code_digest() -> bytes:
    """The builder's version and its modules' source (or compiled code, where only that is
    installed)."""
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    for name in BUILDER_MODULES:
        spec = find_spec(name)
        digest.update(name.encode() + b"\0" + spec.loader.get_data(spec.origin) + b"\0")
    return digest.digest()


# Read once, while the process loads the builder: the digest describes the code this process
# runs, not a checkout replaced under it later.
CODE_DIGEST = _code_digest()


@cache
def catalogue_digest(directories: str) -> bytes:
    """The compiled catalogues (`.mo`) under the translation directories, by content: the same
    catalogue compiled again, or copied with a new modification time, gives the same digest."""
    digest = hashlib.sha256()
    for directory in directories.split(";"):
        root = Path(directory)
        for path in sorted(root.glob("*/LC_MESSAGES/*.mo")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.digest()


@lru_cache(maxsize=64)
def fingerprint(base_url: str, uid_domain: str, translations: str) -> str:
    """The digest of these settings, these catalogues and this builder."""
    digest = hashlib.sha256(CODE_DIGEST + catalogue_digest(translations))
    digest.update(f"\0{base_url}\0{uid_domain}".encode())
    return digest.hexdigest()[:DIGEST_LENGTH]


def current_fingerprint() -> str:
    """The fingerprint of the current app: two dictionary lookups once computed (it is part of
    every feed's ETag, so of every 304)."""
    app = current_app
    config = app.config
    directories = _directories(app.root_path, config.get("BABEL_TRANSLATION_DIRECTORIES"))
    return fingerprint(config["EVENTAPP_BASE_URL"], config["EVENTAPP_UID_DOMAIN"], directories)


@lru_cache(maxsize=64)
def _directories(root_path: str, setting: str | None) -> str:
    # Flask-Babel reads relative directories from the app's root, and several from one setting.
    names = "translations" if setting is None else setting
    return ";".join(str(Path(root_path, d)) for d in names.split(";"))
