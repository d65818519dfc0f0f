"""PostgreSQL copies with `pg_dump` (custom format) and `pg_restore`, when they are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from eventapp.backups.errors import BackupError

MISSING = (
    "{tool} is not installed here. Install PostgreSQL's client programs in the version of the "
    "server or newer (Debian: apt-get install postgresql-client), or use your database host's "
    "own backups (a dump in custom format: pg_dump --format=custom)."
)


def back_up(url: URL, target: Path) -> None:
    """Dump the database at `url` to `target` (replaced only once the dump is whole and lists)."""
    partial = target.with_name(f".{target.name}.partial")
    _run("pg_dump", url, "--format=custom", "--no-owner", f"--file={partial}")
    try:
        listing(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


def listing(path: Path) -> str:
    """The table of contents of a dump: it reads whole, or this raises."""
    return _run("pg_restore", None, "--list", str(path))


def restore(url: URL, backup: Path) -> None:
    """Replace the database's tables by the dump's, in one transaction (all or nothing)."""
    listing(backup)
    _run(
        "pg_restore", url, "--clean", "--if-exists", "--no-owner", "--single-transaction",
        "--exit-on-error", str(backup),
    )  # fmt: skip


def _run(tool: str, url: URL | None, *args: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(MISSING.format(tool=tool))
    env = dict(os.environ)
    command = [path, *args]
    if url is not None:
        if url.password:
            env["PGPASSWORD"] = str(url.password)  # never on the command line, where ps shows it
        plain = url.set(drivername="postgresql", password=None)
        command.append(f"--dbname={plain.render_as_string(hide_password=False)}")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout
