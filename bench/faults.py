"""A fault run a person can repeat (`make bench-faults`, or `python -m bench faults`).

It starts everything itself in a temporary directory: a throwaway PostgreSQL cluster, an SMTP
sink, the app under gunicorn and two `flask worker` processes; then a registration rush with a
worker SIGKILLed, a PostgreSQL restart under load and while idle, and an SMTP outage. It prints
the figures and a PASS/FAIL per invariant. See bench/README.md ("Fault run").
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from bench import faultscenarios as scenarios
from bench.faultreport import Report
from bench.faultseed import DOMAIN
from bench.faultstack import Gunicorn, PostgresCluster, Process, SmtpSink, flask

# Variables of the caller's environment that would point the app elsewhere.
_DROPPED = ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS",
            "MAIL_USERNAME", "MAIL_PASSWORD", "EVENTAPP_ENV", "SECRET_KEY")  # fmt: skip


SCENARIOS = ("rush", "restart", "smtp")


def main(argv: list[str] | None = None) -> int:
    """Run the faults, print the figures; exit 0 unless --strict and an invariant failed."""
    args = _parser().parse_args(argv)
    began = time.time()
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="eventapp-faults-"))
    logs = workdir / "logs"
    logs.mkdir()
    with ExitStack() as stack:
        if not args.keep:
            stack.callback(_remove, workdir)
        sink = SmtpSink()
        sink.start()
        stack.callback(sink.stop)
        cluster = PostgresCluster(workdir)
        stack.callback(cluster.stop)
        cluster.start()
        env = _env(sink, cluster.url)
        pg = _serve(stack, "postgresql", env, logs, args)
        _say(f"ready in {time.time() - began:.1f} s (logs: {logs})")
        if "rush" in args.only:
            scenarios.rush(pg, report, capacity=args.capacity, at_once=args.at_once)
        if "rush" in args.only and args.sqlite:
            lite = _serve(
                stack, "sqlite", _env(sink, f"sqlite:///{workdir / 'events.sqlite'}"), logs, args
            )
            scenarios.rush(lite, report, capacity=args.capacity, at_once=args.at_once)
            lite.server.stop()
        if "restart" in args.only:
            _say("PostgreSQL restarts")
            scenarios.postgres_restart(pg, cluster, report, clients=args.load_clients)
        if "smtp" in args.only:
            _say("SMTP outage (the first retry comes a minute after a refusal: about 70 s)")
            scenarios.smtp_outage(
                pg, sink, report, start_workers=_workers(stack, env, logs), outage=args.outage,
                settle=args.settle,
            )  # fmt: skip
        report.print(
            f"Fault run: gunicorn {args.workers} workers x {args.threads} threads, "
            f"PostgreSQL {cluster.bin.parent.name} (throwaway cluster)"
            + (" and SQLite" if args.sqlite else "")
            + f", in {time.time() - began:.0f} s"
        )
    if args.keep:
        print(f"kept: {workdir}")
    return 1 if args.strict and not report.passed else 0


def _env(sink: SmtpSink, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(
        DATABASE_URL=database_url, SECRET_KEY=secrets.token_urlsafe(48),
        EVENTAPP_ENV="development", MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port),
        MAIL_DEFAULT_SENDER=f"events@{DOMAIN}", EVENTAPP_BASE_URL="http://127.0.0.1:5000",
        EVENTAPP_UID_DOMAIN=DOMAIN, PYTHONUNBUFFERED="1",
    )  # fmt: skip
    return env


def _serve(
    stack: ExitStack, label: str, env: dict, logs: Path, args: argparse.Namespace
) -> scenarios.Target:
    """Migrate, seed, and serve `env`'s database with gunicorn; stopped when the stack closes."""
    flask(env, "db", "upgrade")
    seed = json.loads(
        _python(
            env, "-m", "bench.faultseed", str(args.clients), str(args.mails), str(args.capacity)
        )
    )
    server = Gunicorn(env, logs, workers=args.workers, threads=args.threads)
    stack.callback(server.stop)
    server.wait_ready()
    engine = create_engine(env["DATABASE_URL"], poolclass=NullPool)
    stack.callback(engine.dispose)
    return scenarios.Target(label, server, engine, seed)


def _python(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"python {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _workers(stack: ExitStack, env: dict, logs: Path) -> Callable[[], None]:
    def start() -> None:
        for n in range(2):
            argv = [str(Path(sys.executable).parent / "flask"), "--app", "eventapp", "worker",
                    "--interval", "0.5"]  # fmt: skip
            worker = Process(f"worker-{n}", argv, env, logs)
            stack.callback(worker.stop)

    return start


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _say(message: str) -> None:
    print(f"faults: {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench faults", description=__doc__.splitlines()[0]
    )
    add = parser.add_argument
    add("--clients", type=int, default=40, help="people in the rush (40)")
    add("--at-once", type=int, default=20, help="rush requests in flight at once (20)")
    add("--capacity", type=int, default=10, help="places of the rush's event (10)")
    add("--workers", type=int, default=3, help="gunicorn workers (3)")
    add("--threads", type=int, default=2, help="threads per gunicorn worker (2)")
    add("--load-clients", type=int, default=4, help="clients during the restarts (4)")
    add("--mails", type=int, default=30, help="registrations during the SMTP outage (30)")
    add("--outage", type=float, default=5.0, help="seconds the SMTP server is down (5)")
    add("--settle", type=float, default=120.0, help="longest wait for the outbox to empty (120)")
    add("--no-sqlite", dest="sqlite", action="store_false", help="skip the rush on SQLite")
    add("--only", nargs="+", choices=SCENARIOS, default=SCENARIOS, help="run these only")
    add("--strict", action="store_true", help="exit 1 when an invariant fails")
    add("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
