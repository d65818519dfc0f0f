"""Drive HTTP load at a server for a few seconds and count the answers by status.

With wrk (Debian's package `wrk`, one thread: it leaves the server most of the machine) and the
script `bench/load.lua`; without it, with a Python generator run as a process of its own
(`python -m bench.loaddrive`), one thread per connection, much more costly per request: its
figures are lower, hello-world's most, so ratios read higher than wrk's.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).with_name("load.lua")


@dataclass(frozen=True)
class Load:
    """What to send: `connections` clients at once for `seconds`, each request on its own."""

    port: int
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    tokens: Path | None = None  # one bearer token per request, taken in turn
    connections: int = 8
    seconds: float = 3.0


@dataclass(frozen=True)
class Run:
    """The answers of one load: their count by status, over the time it lasted."""

    seconds: float
    statuses: dict[int, int]
    socket_errors: int = 0
    seen: dict[int, int] = field(default_factory=dict)  # the client's own count, when apart

    def rate(self, *statuses: int) -> float:
        """Answers a second (those with one of `statuses`, or all)."""
        wanted = statuses or tuple(self.statuses)
        return sum(self.statuses.get(s, 0) for s in wanted) / self.seconds

    def unexpected(self, *expected: int) -> dict[int, int]:
        return {s: n for s, n in self.statuses.items() if s not in expected}


def tool() -> str:
    """wrk when installed, unless $BENCH_LOAD_TOOL says `python`."""
    if os.environ.get("BENCH_LOAD_TOOL") == "python":
        return "python"
    return "wrk" if shutil.which("wrk") else "python"


def drive(load: Load) -> Run:
    return _wrk(load) if tool() == "wrk" else _python(load)


def _wrk(load: Load) -> Run:
    argv = [
        "wrk", "-t1", f"-c{load.connections}", f"-d{load.seconds:g}s", "--timeout", "60s",
        "-s", str(SCRIPT), f"http://127.0.0.1:{load.port}{load.path}", "--",
        load.method, str(load.tokens) if load.tokens else "-",
        *(f"{name}: {value}" for name, value in load.headers.items()),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=load.seconds + 120)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    statuses: dict[int, int] = {}
    seconds, errors = load.seconds, 0
    for line in done.stdout.splitlines():
        words = line.split()
        if words[:1] == ["bench-status"]:
            statuses[int(words[1])] = int(words[2])
        elif words[:1] == ["bench-duration-us"]:
            seconds = int(words[1]) / 1e6
        elif words[:1] == ["bench-socket-errors"]:
            errors = int(words[1])
    return Run(seconds, statuses, errors)


def _python(load: Load) -> Run:
    spec = {**load.__dict__, "tokens": str(load.tokens) if load.tokens else None}
    done = subprocess.run(
        [sys.executable, "-m", "bench.loaddrive", json.dumps(spec)],
        capture_output=True, text=True, timeout=load.seconds + 120,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"the Python load generator failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    statuses = {int(s): n for s, n in result["statuses"].items()}
    return Run(result["seconds"], statuses, result["socket_errors"])


def generate(load: Load) -> dict:
    """The Python generator itself: `connections` threads, one request per connection."""
    tokens = Path(load.tokens).read_text().split() if load.tokens else None
    turn = itertools.cycle(tokens) if tokens else None
    lock, counts, errors = threading.Lock(), Counter(), [0]
    deadline = time.monotonic() + load.seconds

    def client() -> None:
        while time.monotonic() < deadline:
            headers = dict(load.headers)
            if turn is not None:
                with lock:
                    headers["Authorization"] = f"Bearer {next(turn)}"
            conn = http.client.HTTPConnection("127.0.0.1", load.port, timeout=60)
            try:
                conn.request(load.method, load.path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                continue
            finally:
                conn.close()
            if time.monotonic() <= deadline:
                with lock:
                    counts[response.status] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(load.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = min(time.monotonic(), deadline) - began
    return {"seconds": seconds, "statuses": dict(counts), "socket_errors": errors[0]}


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    spec["tokens"] = Path(spec["tokens"]) if spec["tokens"] else None
    print(json.dumps(generate(Load(**spec))))
