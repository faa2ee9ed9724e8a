"""storybank serve: everything loaded before the port is bound, deduce frozen for the garbage
collector, gunicorn workers from the cores, waitress's queue warning said once."""

import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from storybank import serving, warmup
from storybank.cli import cli
from tests.helpers import PROJECT_ROOT


@pytest.fixture
def frozen_state():
    """Leave the garbage collector as it was: unfrozen, without the warm-up's timing callback."""
    yield
    gc.unfreeze()
    if warmup._time_collection in gc.callbacks:
        gc.callbacks.remove(warmup._time_collection)


@pytest.fixture
def slow_anonymiser(monkeypatch):
    """deduce stand-in: takes a moment to load, records when it is done."""
    state = {"loaded": False}

    def anonymise(text):
        time.sleep(0.3)
        state["loaded"] = True

    monkeypatch.setattr("nlp.anonymise.anonymise", anonymise)
    return state


def test_waitress_binds_only_after_everything_is_loaded(initialised_app, runner, slow_anonymiser, frozen_state,
                                                        monkeypatch, caplog):
    seen = {}

    def serve(app, **kwargs):
        seen.update(loaded=slow_anonymiser["loaded"], frozen=gc.get_freeze_count(), **kwargs)

    monkeypatch.setattr("waitress.serve", serve)
    caplog.set_level(logging.INFO, logger="storybank")
    result = runner.invoke(cli, ["serve", "--server", "waitress", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["loaded"] and seen["frozen"] > 0
    assert seen["port"] == 8123 and seen["threads"] == serving.WAITRESS_THREADS
    assert caplog.text.count("Storybank is ready at http://127.0.0.1:8123/") == 1
    assert caplog.text.index("loaded deduce") < caplog.text.index("Storybank is ready")


class Bound(Exception):
    pass


def test_gunicorn_loads_everything_in_the_parent_before_it_binds(initialised_app, runner, slow_anonymiser,
                                                                 frozen_state, monkeypatch):
    seen = {}

    def start(arbiter):
        seen.update(loaded=slow_anonymiser["loaded"], frozen=gc.get_freeze_count(), workers=arbiter.num_workers,
                    preload=arbiter.cfg.preload_app, worker_class=arbiter.cfg.worker_class_str,
                    threads=arbiter.cfg.threads, bind=arbiter.cfg.bind)
        raise Bound()

    monkeypatch.setattr("gunicorn.arbiter.Arbiter.start", start)
    result = runner.invoke(cli, ["serve", "--workers", "3", "--port", "8124"])
    assert isinstance(result.exception, Bound), result.output
    assert seen["loaded"] and seen["frozen"] > 0 and seen["preload"]
    assert seen["workers"] == 3 and seen["worker_class"] == "gthread" and seen["threads"] == serving.GUNICORN_THREADS
    assert seen["bind"] == ["127.0.0.1:8124"]


def test_the_default_number_of_workers_follows_the_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert serving.default_workers() == 8
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert serving.default_workers() == 2


def test_waitress_queue_warnings_are_said_once(initialised_app, runner, monkeypatch, frozen_state, caplog):
    monkeypatch.setattr("storybank.serving.prepare", lambda app: None)
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: None)
    runner.invoke(cli, ["serve", "--server", "waitress", "--threads", "6"])
    queue = logging.getLogger("waitress.queue")
    with caplog.at_level(logging.WARNING, logger="waitress.queue"):
        for depth in range(1, 101):
            queue.warning("Task queue depth is %d", depth)
    lines = [r.getMessage() for r in caplog.records if r.name == "waitress.queue"]
    assert len(lines) == 1 and "6 threads" in lines[0] and "shown once" in lines[0]


def test_warm_up_freezes_deduce_so_a_full_collection_skips_it(app, deduce, frozen_state):
    """Counted, not timed: the objects a full collection walks, before and after the warm-up."""
    gc.collect()
    before = len(gc.get_objects())
    assert before > 1_000_000  # deduce's lookup structures, among others
    report = warmup.warm_up(app)
    after = len(gc.get_objects())
    assert report["frozen_objects"] == gc.get_freeze_count() >= before * 0.9
    assert after < before / 20


def test_a_slow_collection_is_logged_with_its_cpu_time_and_what_it_collected(monkeypatch, caplog, frozen_state):
    """Wall time alone cannot tell a stall (the collector holds the GIL) from a finalizer that
    waits while other threads run; the log line gives both, and bench.servers reads both."""
    from bench.servers import gc_pause_details

    monkeypatch.setattr(warmup, "SLOW_COLLECTION_SECONDS", 0.0)
    warmup.watch_collections()
    with caplog.at_level(logging.WARNING, logger="storybank.serve"):
        gc.collect()
    lines = [r.getMessage() for r in caplog.records if "garbage collection" in r.getMessage()]
    assert lines, caplog.text
    details = gc_pause_details("\n".join(lines))
    assert details[-1]["generation"] == 2 and details[-1]["cpu_seconds"] is not None
    assert details[-1]["collected"] >= 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_gunicorn_workers_that_answer(tmp_path):
    """A real server: two workers forked after the warm-up, pages answer, the log says ready once."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_") or k == "STORYBANK_DEDUCE_CACHE"}
    env["STORYBANK_INSTANCE"] = str(tmp_path / "instance")
    command = [sys.executable, "-c", "from storybank.cli import main; main()"]
    subprocess.run([*command, "init"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=600)
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen([*command, "serve", "--workers", "2", "--port", str(port)], env=env,
                                  cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while "Storybank is ready" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
        # gunicorn says ready once its port is bound and then forks the workers one by one, with up to
        # 0.1 s between them, so the first worker may answer before the second exists: wait for both.
        children = []
        while len(children) < 2 and time.monotonic() < deadline:
            children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
            time.sleep(0.2)
        assert len(children) == 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    text = log.read_text()
    assert text.count("Storybank is ready") == 1 and text.index("loaded deduce") < text.index("Storybank is ready")
    assert "Traceback" not in text
