"""The three faults, each run against the live stack and checked from the database after.

- `rush`: clients register at once for a small event while one gunicorn worker is SIGKILLed.
- `postgres_restart`: pages and /healthz under load while the cluster restarts, then a restart
  while the app is idle (the case an unchecked pool makes fail).
- `smtp_outage`: the SMTP server stops while registrations queue mail, then comes back; the
  two `flask worker` processes must deliver everything, each message once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text

from bench.faultload import Hammer, Outcome, call, register_all
from bench.faultreport import Report, seconds
from bench.faultstack import Gunicorn, PostgresCluster, SmtpSink, wait_for


@dataclass(frozen=True)
class Target:
    """An app being served, its database (read by the checks) and its seeded data."""

    label: str
    server: Gunicorn
    engine: Engine
    seed: dict


def _rows(engine: Engine, sql: str, **params) -> list:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def rush(target: Target, report: Report, *, capacity: int, at_once: int) -> None:
    """Everyone registers at once; a worker is killed when a quarter have their answer."""
    tokens, event_id, server = target.seed["rush_tokens"], target.seed["rush_event"], target.server
    killed: dict[str, float | int] = {}
    lock = threading.Lock()

    def kill_one(answered: int) -> None:
        with lock:
            if killed or answered < len(tokens) // 4:
                return
            pid = server.worker_pids()[0]
            os.kill(pid, signal.SIGKILL)
            killed.update(pid=pid, at=time.time())

    began = time.time()
    tries = register_all(server.port, event_id, tokens, clients=at_once, after_each=kill_one)
    took = time.time() - began
    restarted = _worker_back(server, killed.get("pid"))
    rows = _rows(
        target.engine,
        "SELECT id, email, status FROM registrations WHERE event_id = :e "
        "ORDER BY waiting_since, id",
        e=event_id,
    )
    _rush_figures(target, report, tries, rows, took=took, capacity=capacity)
    name = f"rush/{target.label}"
    report.check(f"{name}: a worker was SIGKILLed and gunicorn replaced it", restarted,
                 f"pid {killed.get('pid', '-')}")  # fmt: skip


def _worker_back(server: Gunicorn, pid: int | float | None) -> bool:
    if pid is None:
        return False
    try:
        wait_for(
            lambda: pid not in server.worker_pids() and len(server.worker_pids()) == server.workers,
            20, "the replacement worker",
        )  # fmt: skip
    except RuntimeError:
        return False
    return True


def _rush_figures(
    target: Target, report: Report, tries: list[list[Outcome]], rows: list, *, took: float,
    capacity: int,
) -> None:  # fmt: skip
    name = f"rush/{target.label}"
    flat = [outcome for client in tries for outcome in client]
    errors = [o for o in flat if not o.ok]
    finals = [client[-1] for client in tries]
    by_id = {row.id: row for row in rows}
    answered_missing = _unrecorded(finals, by_id)
    confirmed = sum(row.status == "confirmed" for row in rows)
    waiting = [row.id for row in rows if row.status == "waiting"]
    final_position = {reg_id: n for n, reg_id in enumerate(waiting, start=1)}
    told = {o.body["id"]: o.body.get("position") for o in finals
            if o.status == 201 and o.body and o.body.get("status") == "waiting"}  # fmt: skip
    wrong = sum(final_position.get(reg_id) != place for reg_id, place in told.items())
    repeated = len(told) - len(set(told.values()))
    duplicates = sum(n - 1 for n in Counter(row.email for row in rows).values() if n > 1)
    mails = dict(_rows(
        target.engine,
        "SELECT recipient, count(*) FROM outbox WHERE recipient LIKE 'rush-%' GROUP BY recipient",
    ))  # fmt: skip
    unmailed = sum(mails.get(row.email, 0) != 1 for row in rows)
    orphan_mails = len(set(mails) - {row.email for row in rows})
    figures = report.section(
        f"Rush on {target.label}: {len(tries)} clients, {capacity} places, one worker SIGKILLed"
    )
    figures += [
        ("requests (a failed one is retried once)", str(len(flat))),
        ("errors (no answer or 5xx)", str(len(errors))),
        ("errors by kind", _kinds(errors)),
        ("clients without an answer after the retry", str(sum(not o.ok for o in finals))),
        ("rush duration", seconds(took)),
        ("registrations checked", str(len(rows))),
        ("confirmed / waiting", f"{confirmed} / {len(waiting)}"),
        ("waiting positions told / wrong / repeated", f"{len(told)} / {wrong} / {repeated}"),
        ("duplicate registrations (same person)", str(duplicates)),
        ("mails checked (one per registration)", str(sum(mails.values()))),
    ]
    report.check(f"{name}: confirmed <= capacity", confirmed <= capacity,
                 f"{confirmed} <= {capacity}")  # fmt: skip
    full = confirmed == min(capacity, len(rows))
    report.check(f"{name}: every place given", full, f"{confirmed} of {capacity}")
    report.check(f"{name}: no duplicate registration", duplicates == 0, str(duplicates))
    report.check(f"{name}: every 2xx answer has its row", not answered_missing,
                 f"{len(answered_missing)} missing")  # fmt: skip
    report.check(f"{name}: waiting positions told are right and distinct",
                 wrong == 0 and repeated == 0, f"{wrong} wrong, {repeated} repeated")  # fmt: skip
    report.check(f"{name}: each registration has exactly its mail, no orphan mail",
                 unmailed == 0 and orphan_mails == 0,
                 f"{unmailed} without, {orphan_mails} orphans")  # fmt: skip


def _unrecorded(finals: list[Outcome], by_id: dict) -> list[Outcome]:
    """The 2xx answers whose registration is not in the database with the status they said."""
    missing = []
    for outcome in finals:
        if not outcome.ok:
            continue
        body = outcome.body or {}
        row = by_id.get(body.get("id"))
        if row is None or row.status != body.get("status"):
            missing.append(outcome)
    return missing


def _kinds(outcomes: list[Outcome]) -> str:
    """How the failures failed: statuses and connection errors, with their counts."""
    kinds = Counter(str(o.status) if o.status is not None else o.error for o in outcomes)
    return ", ".join(f"{kind} x{n}" for kind, n in kinds.most_common()) or "-"


def _failures(outcomes: list[Outcome], after: float | None = None) -> list[Outcome]:
    return [o for o in outcomes if not o.ok and (after is None or o.started >= after)]


def postgres_restart(
    target: Target, cluster: PostgresCluster, report: Report, *, clients: int
) -> None:
    """Restart the cluster under load, then again while the app is idle."""
    paths = ["/en/events/", "/healthz"]
    hammer = Hammer(target.server.port, paths, clients=clients).start()
    time.sleep(2.0)
    down = time.time()
    cluster.restart()
    back = time.time()
    time.sleep(3.0)
    loaded = hammer.stop()
    failed = _failures(loaded)
    window = (max(o.ended for o in failed) - min(o.started for o in failed)) if failed else None
    after_loaded = _failures(loaded, after=back)

    # Idle: the pools keep connections the restart cut; the next requests meet them.
    _touch_every_worker(target.server.port, paths)
    time.sleep(1.0)
    cluster.restart()
    idle_back = time.time()
    time.sleep(1.0)
    hammer = Hammer(target.server.port, paths, clients=clients).start()
    time.sleep(2.0)
    after_idle = hammer.stop()
    idle_failed = _failures(after_idle)

    figures = report.section(
        f"PostgreSQL restart (pg_ctl restart -m fast), {clients} clients on {' and '.join(paths)}"
    )
    figures += [
        ("under load: requests", str(len(loaded))),
        ("under load: errors", str(len(failed))),
        ("under load: errors by kind", _kinds(failed)),
        ("under load: restart took (pg_ctl)", seconds(back - down)),
        ("under load: error window (first to last failure)", seconds(window)),
        ("under load: errors after it was back", str(len(after_loaded))),
        ("restart while idle, then: requests", str(len(after_idle))),
        ("restart while idle, then: errors", str(len(idle_failed))),
        ("restart while idle, then: errors by kind", _kinds(idle_failed)),
        ("restart while idle, then: 503 from /healthz", str(_health_503(idle_failed))),
    ]
    report.check("postgresql restart under load: no error once it is back", not after_loaded,
                 f"{len(after_loaded)} errors")  # fmt: skip
    first = f", the first {idle_failed[0].started - idle_back:.2f} s after" if idle_failed else ""
    report.check("postgresql restart while idle: no error after it (pooled connections checked)",
                 not idle_failed, f"{len(idle_failed)} errors{first}")  # fmt: skip


def _touch_every_worker(port: int, paths: list[str]) -> None:
    for n in range(20):  # enough requests that every worker's pool holds a connection
        call(port, "GET", paths[n % len(paths)])


def _health_503(outcomes: list[Outcome]) -> int:
    return sum(o.path == "/healthz" and o.status == 503 for o in outcomes)


def smtp_outage(
    target: Target, sink: SmtpSink, report: Report, *, start_workers: Callable[[], None],
    outage: float, settle: float,
) -> None:  # fmt: skip
    """Two workers drain the outbox; SMTP stops, registrations queue mail, SMTP comes back."""
    start_workers()
    unsent = "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
    wait_for(lambda: _rows(target.engine, unsent)[0][0] == 0, settle, "the outbox before")
    sink.stop()
    stopped = time.time()
    tokens = target.seed["mail_tokens"]
    tries = register_all(target.server.port, target.seed["mail_event"], tokens, clients=4)
    time.sleep(max(0.0, outage - (time.time() - stopped)))
    sink.start()
    restarted = time.time()
    drained = True
    try:
        wait_for(lambda: _rows(target.engine, unsent)[0][0] == 0, settle, "the outbox")
    except RuntimeError:
        drained = False
    emptied = time.time()
    sink.stop()  # nothing more arrives while the figures are read
    queued = _rows(
        target.engine,
        "SELECT message_id, created_at, attempts, sent_at FROM outbox "
        "WHERE recipient LIKE 'mail-%'",
    )
    received = sink.snapshot()
    arrivals: dict[str, list[float]] = {}
    for got in received:
        arrivals.setdefault(got.message_id.strip("<>"), []).append(got.at)
    duplicates = sum(len(times) - 1 for times in arrivals.values())
    delivered = [row for row in queued if row.message_id.strip("<>") in arrivals]
    delays = [
        min(arrivals[row.message_id.strip("<>")]) - _epoch(row.created_at) for row in delivered
    ]
    retried = sum(row.attempts > 1 for row in queued)
    figures = report.section(f"SMTP outage of {outage:.0f} s, 2 `flask worker` processes")
    figures += [
        ("registrations during the outage (2xx)", str(sum(c[-1].ok for c in tries))),
        ("mails queued during the outage", str(len(queued))),
        ("of which tried and refused at least once", str(retried)),
        ("delivered", str(len(delivered))),
        ("mails received in the whole run", str(len(received))),
        ("duplicates (same Message-ID received twice)", str(duplicates)),
        ("longest delay, queued to received", seconds(max(delays, default=None))),
        ("outbox empty after SMTP came back", seconds(emptied - restarted) if drained else "NO"),
    ]
    report.check("smtp outage: every mail queued was delivered", len(delivered) == len(queued)
                 and drained, f"{len(delivered)} of {len(queued)}")  # fmt: skip
    report.check("smtp outage: no message received twice", duplicates == 0, str(duplicates))
    report.check("smtp outage: the outage was felt (mail retried)", retried > 0, f"{retried}")


def _epoch(value) -> float:
    """A created_at as read back (aware, or naive UTC on SQLite) in seconds since the epoch."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()
