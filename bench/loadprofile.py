"""Profiles of the routes that miss their target under load (`--load-profile`).

In the app's process (bench/loadapp.py, when $BENCH_LOAD_PROFILE names a directory): each
request runs under a cProfile profile of its route (digits in the path made `<n>`), except the
warm-up's (header `X-Bench-Warmup`), and each worker writes its profiles there when it exits.
In the bench: the profiles of one route, merged across workers, summed by package (time spent
in each package's own code) and by function.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import pstats
import re
from collections import Counter
from pathlib import Path

PROFILE_ENV = "BENCH_LOAD_PROFILE"
WARMUP = {"X-Bench-Warmup": "1"}  # requests the profiles leave out


def route_key(path: str) -> str:
    """A file-name-safe name for a route: `/fr/events/12` → `fr_events_n`."""
    return re.sub(r"\d+", "n", path).strip("/").replace("/", "_").replace(".", "-") or "root"


class Profiled:
    """WSGI middleware: one profile per route; each worker writes them to `directory` at exit."""

    def __init__(self, wsgi_app, directory: str) -> None:
        self.wsgi_app, self.directory = wsgi_app, Path(directory)
        self.profiles: dict[str, cProfile.Profile] = {}
        self.counts: Counter[str] = Counter()
        atexit.register(self.dump)

    def __call__(self, environ, start_response):
        if environ.get("HTTP_X_BENCH_WARMUP"):
            return self.wsgi_app(environ, start_response)
        key = route_key(environ.get("PATH_INFO", ""))
        profile = self.profiles.setdefault(key, cProfile.Profile())
        self.counts[key] += 1
        profile.enable()
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            profile.disable()

    def dump(self) -> None:
        for key, profile in self.profiles.items():
            profile.dump_stats(self.directory / f"{key}.{self.counts[key]}.{os.getpid()}.prof")


def _package(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "built-in (C)"
    parts = Path(filename).parts
    for anchor in ("site-packages", "eventapp", "bench"):
        if anchor in parts:
            i = parts.index(anchor)
            if anchor != "site-packages":
                return anchor
            return parts[i + 1].removesuffix(".py") if i + 1 < len(parts) else anchor
    return "python stdlib"


def summary(directory: Path, path: str, *, top: int = 8) -> list[str]:
    """Lines describing the merged profiles of `path`'s route: ms a request, share by package,
    the functions with the most time of their own."""
    key = route_key(path)
    files = sorted(directory.glob(f"{key}.*.prof"))
    if not files:
        return [f"no profile written for {path}"]
    requests = sum(int(f.name.split(".")[-3]) for f in files)
    stats = pstats.Stats(*(str(f) for f in files))
    own: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for (filename, line, name), (_, _, tottime, _, _) in stats.stats.items():
        own[_package(filename)] += tottime
        functions[f"{Path(filename).name}:{line} {name}"] += tottime
    total = sum(own.values()) or 1.0
    per_request = 1000 * total / max(requests, 1)
    lines = [f"{requests} requests, {per_request:.1f} ms a request under the profiler"]
    lines.append(
        "by package: "
        + ", ".join(f"{pkg} {100 * t / total:.0f} %" for pkg, t in own.most_common(8))
    )
    for name, t in functions.most_common(top):
        lines.append(f"  {100 * t / total:5.1f} %  {name}")
    return lines
