"""SQLite copies through the online backup API, checked with `PRAGMA integrity_check`."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from eventapp.backups.errors import BackupError

BUSY_MS = 30_000  # how long a copy waits for a writer's lock


def integrity(path: Path) -> str:
    """`ok`, or what SQLite found wrong with the database at `path`."""
    with closing(_connect(path)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def back_up(source: Path, target: Path) -> None:
    """Copy the live database `source` to `target` (replaced only once the copy is whole)."""
    if not source.exists():
        raise BackupError(f"no database at {source}")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with closing(_connect(source)) as src, closing(_connect(partial)) as dst:
        src.backup(dst)  # every page in one step: one read snapshot, writers go on (WAL)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    found = integrity(partial)
    if found != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {found}")
    os.replace(partial, target)


def restore(backup: Path, target: Path) -> None:
    """Replace the content of the database `target` by the copy at `backup`, in one step."""
    found = integrity(backup)
    if found != "ok":
        raise BackupError(f"{backup} failed its integrity check: {found}")
    with closing(_connect(backup)) as src, closing(_connect(target)) as dst:
        src.backup(dst)
    found = integrity(target)
    if found != "ok":
        raise BackupError(f"the restored database failed its integrity check: {found}")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    return conn
