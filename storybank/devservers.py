"""Throw-away PostgreSQL and Redis servers for the tests and the benchmarks (never for serving).

Each server lives in a temporary folder, listens on a free port on 127.0.0.1 only (and on a Unix
socket inside that folder), and is stopped by whoever started it. The tests' pytest fixtures
(tests/fixtures/servers.py) start one of each per test session; bench/ starts its own.

PostgreSQL refuses to run as root: as root the cluster is made and run by the ``postgres`` system
user (Debian's package creates it) in a folder that user owns. When a server cannot be started
(binaries missing, no such user), ``start_postgres`` and ``start_redis`` raise RuntimeError with the
reason; ``make test`` installs the Debian packages first when it can (tests/install_test_servers.sh).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "make test installs it when run as root on Debian"
LOCK_TIMEOUT = "120s"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    """The server binaries: $STORYBANK_TEST_PG_BIN, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("STORYBANK_TEST_PG_BIN"):
        return Path(os.environ["STORYBANK_TEST_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


@dataclass
class PostgresServer:
    folder: Path
    port: int
    run_as: list[str]  # the command prefix that runs a binary as the cluster's owner
    bin: Path
    user: str = "postgres"
    _names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of ``template`` (which no one may be connected to)."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        copy = f'TEMPLATE "{template}" ' if template else ""
        self.admin(f'CREATE DATABASE "{name}" {copy}STRATEGY FILE_COPY')  # with fsync off, faster than WAL_LOG
        return name

    def replace_database(self, name: str, template: str) -> None:
        """Make ``name`` again as a copy of ``template`` (nothing may be connected to either)."""
        self.drop_database(name)
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def running(self) -> bool:
        return subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "status"],
                              capture_output=True, check=False).returncode == 0

    def log_tail(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, check=False)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{what} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")


def start_postgres(durable: bool = False) -> PostgresServer:
    """initdb into a temporary folder and start the cluster; raise with the reason when impossible.

    The tests run without fsync and with asynchronous commits (nothing there must survive a power
    cut); ``durable=True`` keeps PostgreSQL's own defaults, for benchmarks that compare with SQLite.
    """
    binaries = postgres_bin()
    if binaries is None or not (binaries / "pg_ctl").exists():
        raise RuntimeError(f"PostgreSQL server binaries not found under /usr/lib/postgresql "
                           f"(Debian package postgresql; {INSTALL_HINT})")
    try:
        import psycopg  # noqa: F401
    except ImportError as error:  # pragma: no cover - psycopg is an install requirement
        raise RuntimeError(f"psycopg is not installed: {error}") from error
    folder = Path(tempfile.mkdtemp(prefix="storybank-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as error:
            raise RuntimeError("running as root, and there is no 'postgres' system user to run "
                               f"PostgreSQL as (Debian's postgresql package creates it; {INSTALL_HINT})") from error
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    _run([*run_as, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], "initdb")
    server = PostgresServer(folder=folder, port=0, run_as=run_as, bin=binaries)
    for attempt in range(3):  # a free port can be taken between probing and binding
        server.port = free_port()
        fast = "" if durable else "-F -c full_page_writes=off -c synchronous_commit=off "
        options = (f"-p {server.port} -h 127.0.0.1 -k {folder} {fast}-c max_connections=200 "
                   # a test that waits on a lock it holds itself fails instead of hanging the run
                   f"-c lock_timeout={LOCK_TIMEOUT}")
        result = subprocess.run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                 "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
                                capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return server
    log = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()} {log}")


@dataclass
class RedisServer:
    folder: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, *words: str) -> bytes:
        """Send one command in Redis's inline protocol and return the reply line."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall((" ".join(words) + "\r\n").encode())
            return connection.recv(65536)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()


def start_redis() -> RedisServer:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(f"redis-server is not installed (Debian package redis-server; {INSTALL_HINT})")
    folder = Path(tempfile.mkdtemp(prefix="storybank-redis-"))
    for attempt in range(3):
        port = free_port()
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--logfile", str(folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = RedisServer(folder, port, process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if server.command("PING").startswith(b"+PONG"):
                    return server
            except OSError:
                time.sleep(0.05)
        server.stop()
    raise RuntimeError("redis-server did not start: " + (folder / "redis.log").read_text(errors="replace")[-2000:])
