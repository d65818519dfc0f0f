"""HTTP clients for the fault run: one request per connection, every outcome timed and kept."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """One request: its status (None when the connection failed), JSON body, and times."""

    path: str
    status: int | None
    body: dict | None
    started: float  # time.time()
    ended: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def call(port: int, method: str, path: str, token: str | None = None) -> Outcome:
    """One request on a fresh connection; a reset, a refusal or a timeout is an Outcome too."""
    headers = {"Accept": "application/json", "Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.time()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException) as error:
        return Outcome(path, None, None, started, time.time(), type(error).__name__)
    finally:
        conn.close()
    body = None
    if response.getheader("Content-Type", "").startswith("application/json"):
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
    return Outcome(path, response.status, body, started, time.time())


def register_all(
    port: int,
    event_id: int,
    tokens: list[str],
    *,
    clients: int,
    after_each: Callable[[int], None] | None = None,
) -> list[list[Outcome]]:
    """Each token registers once through the API, `clients` at a time; a client whose request
    failed (no answer, or a 5xx) tries once more, as a person would. Returns each one's tries.

    `after_each(n)` is called with the number of answers so far (the rush's fault trigger).
    """
    lock, answered = threading.Lock(), [0]
    path = f"/api/v1/events/{event_id}/registrations"

    def one(token: str) -> list[Outcome]:
        tries = [call(port, "POST", path, token)]
        if not tries[0].ok and (tries[0].status is None or tries[0].status >= 500):
            time.sleep(0.3)
            tries.append(call(port, "POST", path, token))
        with lock:
            answered[0] += 1
            count = answered[0]
        if after_each is not None:
            after_each(count)
        return tries

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, tokens))


class Hammer:
    """`clients` threads request `paths` in turn, without pause, from `start()` to `stop()`."""

    def __init__(self, port: int, paths: list[str], *, clients: int) -> None:
        self.port, self.paths, self.clients = port, paths, clients
        self.results: list[Outcome] = []
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._threads: list[threading.Thread] = []

    def _loop(self, offset: int) -> None:
        i = offset
        while not self._stop.is_set():
            outcome = call(self.port, "GET", self.paths[i % len(self.paths)])
            i += 1
            with self._lock:
                self.results.append(outcome)

    def start(self) -> Hammer:
        for n in range(self.clients):
            thread = threading.Thread(target=self._loop, args=(n,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> list[Outcome]:
        """Stop, and return every outcome in the order the requests started."""
        self._stop.set()
        for thread in self._threads:
            thread.join(30)
        return sorted(self.results, key=lambda o: o.started)
