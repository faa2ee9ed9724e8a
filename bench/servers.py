"""Throw-away Storybank instances and servers on loopback, for the load and fault benchmarks.

Every server is a real ``storybank serve`` process (its own process group, so a kill -9 or a
stop reaches its workers too), started on 127.0.0.1 and stopped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORYBANK = [sys.executable, "-c", "from storybank.cli import main; main()"]
READY_TIMEOUT = 600  # deduce loads in ~10 s alone, much longer on a busy machine


def environment(instance: Path, database_url: str | None = None, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("STORYBANK_")
           or key == "STORYBANK_DEDUCE_CACHE"}
    env.update(STORYBANK_INSTANCE=str(instance), STORYBANK_SUBMISSION_LIMIT="100000 per hour",
               STORYBANK_PREVIEW_LIMIT="100000 per hour", PYTHONUNBUFFERED="1")
    if database_url:
        env["STORYBANK_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def storybank(env: dict, *args: str, input: str | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([*STORYBANK, *args], env=env, cwd=ROOT, input=input, capture_output=True, text=True,
                          timeout=timeout)


def prepare_instance(instance: Path, env: dict, advisers: int = 0) -> None:
    """A database with the corpus, a search index and a pattern model; advisers a1..aN@example.org."""
    instance.mkdir(parents=True, exist_ok=True)
    result = storybank(env, "init")
    if result.returncode:
        raise RuntimeError(f"storybank init failed:\n{result.stdout}\n{result.stderr}")
    for number in range(1, advisers + 1):
        storybank(env, "create-adviser", f"a{number}@example.org", "--password", "een lang genoeg wachtwoord")


class Server:
    def __init__(self, env: dict, port: int, *, server: str = "gunicorn", workers: int | None = None,
                 log: Path, read_only: Path | None = None):
        self.env, self.port, self.log_path = env, port, log
        command = [*STORYBANK, "serve", "--server", server, "--port", str(port)]
        if workers:
            command += ["--workers", str(workers)]
        if read_only is not None:
            # The folder read-only for this server alone: a private mount namespace (root on Linux).
            command = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" '
                       '&& exec "$@"', str(read_only), *command]
        self.log = open(log, "a", encoding="utf-8")
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"

    def wait_ready(self) -> float:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server on port {self.port} exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"server on port {self.port} not ready after {READY_TIMEOUT} s")

    def pids(self) -> list[int]:
        """The server and its workers."""
        result = subprocess.run(["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in result.stdout.split()]

    def memory_mib(self) -> dict:
        """Resident and proportional (shared pages split between sharers) memory of the whole group."""
        rss = pss = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            except OSError:
                continue
        return {"processes": len(self.pids()), "rss_mib": round(rss / 1024), "pss_mib": round(pss / 1024)}

    def kill(self) -> None:
        """kill -9 of the server and all its workers at once."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            except ProcessLookupError:
                pass
        self.log.close()

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running(servers: list[Server]):
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def server_errors(records) -> int:
    """Answers 500-599 except 503, which is the documented answer of search while the index is rebuilt."""
    return sum(500 <= r.status < 600 and r.status != 503 for r in records)


def errors_logged(log_text: str, limit: int = 5) -> list[str]:
    """The last line of each traceback the servers logged (the exception), at most ``limit``."""
    found, lines = [], log_text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("Traceback"):
            for following in lines[number + 1:]:
                if following and not following.startswith((" ", "\t", "Traceback", "During handling",
                                                           "The above exception")):
                    found.append(following[:300])
                    break
    return found[-limit:]


GC_PAUSE = re.compile(r"garbage collection \(generation (\d+)\) paused this process for ([\d.]+) s"
                      r"(?: \(([\d.]+) s of CPU, (-?\d+) objects collected)?")


def gc_pauses(log_text: str) -> list[float]:
    """Garbage-collection pauses the servers logged (storybank/warmup.py logs those over 0.5 s)."""
    return [pause["seconds"] for pause in gc_pause_details(log_text)]


def gc_pause_details(log_text: str) -> list[dict]:
    """The same, with the collector's CPU time (what stalled other requests) and objects collected."""
    return [{"generation": int(found[1]), "seconds": float(found[2]),
             "cpu_seconds": float(found[3]) if found[3] else None,
             "collected": int(found[4]) if found[4] else None} for found in GC_PAUSE.finditer(log_text)]


def check_database(env: dict, references: set[str], published: set[str] = frozenset()) -> dict:
    """Every acknowledged receipt and publication stored; SQLite's integrity check; and the search
    index against the database (`storybank reindex --check`)."""
    code = f"""
import json
from sqlalchemy import select, text
from storybank import create_app
from storybank.extensions import db
from storybank.models import Story
app = create_app({{"SEARCH_REBUILD_ON_START": False}})
references, published = set({sorted(references)!r}), set({sorted(published)!r})
out = {{}}
with app.app_context():
    stored = set(db.session.scalars(select(Story.reference).where(Story.reference.in_(references))))
    out["receipts_acknowledged"] = len(references)
    out["receipts_missing"] = sorted(references - stored)
    live = set(db.session.scalars(select(Story.slug).where(Story.slug.in_(published), Story.status == "published")))
    out["publications_acknowledged"] = len(published)
    out["publications_missing"] = sorted(published - live)
    if db.engine.dialect.name == "sqlite":
        out["integrity_check"] = db.session.execute(text("PRAGMA integrity_check")).scalar()
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    if result.returncode:
        return {"error": result.stderr[-2000:]}
    out = json.loads(result.stdout.strip().splitlines()[-1])
    check = storybank(env, "reindex", "--check")
    out["index_agrees"] = check.returncode == 0
    out["index_check"] = (check.stdout + check.stderr).strip()[-500:]
    return out


def sqlite_path(instance: Path) -> Path:
    return instance / "storybank.sqlite"


def integrity(instance: Path) -> str:
    with sqlite3.connect(sqlite_path(instance)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
