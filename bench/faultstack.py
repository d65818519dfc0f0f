"""The parts a fault run starts and breaks: a throwaway PostgreSQL cluster, an SMTP sink, the
app under gunicorn and `flask worker` processes. Each can be stopped from `finally`.

Nothing here touches a server the run did not start: the cluster lives in the run's temporary
directory on a free port, and is stopped with `-m immediate` at the end.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float, what: str) -> None:
    """Poll `check()` until it is true, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PostgresCluster:
    """A PostgreSQL cluster of its own (initdb + pg_ctl from Debian's packages), trust auth.

    initdb refuses to run as root: then the cluster belongs to the `postgres` system user,
    through `runuser`, and its directory is handed to that user.
    """

    def __init__(self, workdir: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
        self.bin = Path(found[-1]).parent
        self.dir = workdir / "pg"
        self.port = free_port()
        self.as_user: list[str] = []
        self.dir.mkdir()
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            workdir.chmod(0o755)
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/events"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), *args],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        """initdb, start, and create the `events` database."""
        subprocess.run(
            [*self.as_user, str(self.bin / "initdb"), "-D", str(self.dir / "data"),
             "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        # fsync off: the run never crashes the machine, only processes; a fast shutdown
        # still writes everything out, so a restart loses nothing.
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        self._ctl("-o", options, "-l", str(self.dir / "log"), "-w", "start")
        subprocess.run(
            [*self.as_user, str(self.bin / "createdb"), "-h", "127.0.0.1", "-p",
             str(self.port), "-U", "postgres", "events"],
            check=True,
        )  # fmt: skip

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every connection is cut, returns once it accepts again."""
        self._ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "-w", "stop")


@dataclass
class Received:
    """One message as the SMTP sink received it."""

    message_id: str
    recipient: str
    at: float  # time.time()


@dataclass
class SmtpSink:
    """An SMTP server (aiosmtpd) that records what it receives; stop it for an outage."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self._lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append(Received(message["Message-ID"] or "", rcpt, time.time()))
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)


class Process:
    """A child process with its output in a log file; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, name: str, argv: list[str], env: dict, logdir: Path) -> None:
        self.name, self.log = name, logdir / f"{name}.log"
        with open(self.log, "wb") as out:
            self.popen = subprocess.Popen(
                argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def stop(self, grace: float = 10.0) -> None:
        if self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


class Gunicorn(Process):
    """The app as production serves it: gunicorn, `workers` processes of `threads` threads."""

    def __init__(self, env: dict, logdir: Path, *, workers: int, threads: int) -> None:
        self.port = free_port()
        argv = [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
                "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "wsgi:app"]  # fmt: skip
        super().__init__(f"gunicorn-{self.port}", argv, env, logdir)
        self.workers = workers

    def worker_pids(self) -> list[int]:
        """The arbiter's children: its workers (gunicorn restarts one that dies)."""
        pid = self.popen.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def wait_ready(self, timeout: float = 60.0) -> None:
        def all_up() -> bool:
            if self.popen.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            return _port_open(self.port) and len(self.worker_pids()) == self.workers

        wait_for(all_up, timeout, "gunicorn")


def flask(env: dict, *args: str, stdin: str | None = None) -> str:
    """Run `flask --app eventapp ARGS` and return its standard output."""
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "eventapp", *args], env=env, cwd=ROOT, input=stdin,
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout
