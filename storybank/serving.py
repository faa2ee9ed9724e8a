"""``storybank serve``: a production server that uses the machine.

One waitress process cannot use a second core: under 50 clients every request
queued behind the others and throughput fell below that of one client. So the
default is gunicorn with several worker processes (``gthread`` workers, a few
threads each for requests that wait on the database or the disk):

- **workers**: one per core the process may use (at least 2), because requests
  spend their time in Python, which runs one thread at a time per process.
  Override with ``--workers``; each worker adds the memory the pages use, while
  deduce's gigabyte is loaded once, before forking, and shared (see warmup.py).
- **threads**: 4 per worker, so a request waiting on SQLite or the index does
  not hold up the others in its worker.

waitress stays available (``--server waitress``, one process, 8 threads); its
"Task queue depth" warning, which flooded the log with one line per queued
request, is shown once.

Either way the server loads deduce, the pattern model and the search index
before it binds its port, and logs once when it is ready.
"""

from __future__ import annotations

import logging
import os

from . import search
from .warmup import warm_up

log = logging.getLogger("storybank.serve")
GUNICORN_THREADS = 4
WAITRESS_THREADS = 8


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    return max(2, cores())


def configure_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    logging.getLogger("storybank").setLevel(logging.INFO)


def prepare(app) -> None:
    """Everything the first request needs, before any port is bound."""
    search.repair(app, background=False)
    warm_up(app)


def serve(app, *, server: str, host: str, port: int, workers: int | None, threads: int | None) -> None:
    configure_logging()
    if server == "waitress":
        _serve_waitress(app, host=host, port=port, threads=threads or WAITRESS_THREADS)
    else:
        _serve_gunicorn(app, host=host, port=port, workers=workers or default_workers(),
                        threads=threads or GUNICORN_THREADS)


# -- waitress ---------------------------------------------------------------------------


class _OnceFilter(logging.Filter):
    """Let the first "Task queue depth" warning through, with what it means; drop the rest."""

    def __init__(self, threads: int):
        super().__init__()
        self.threads, self.shown = threads, False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.shown:
            return False
        self.shown = True
        record.msg = (f"{record.msg} (requests are waiting for one of the {self.threads} threads; "
                      "this warning is shown once: use --threads, or gunicorn with several workers)")
        return True


def _serve_waitress(app, *, host: str, port: int, threads: int) -> None:
    import waitress

    queue_log = logging.getLogger("waitress.queue")
    for old in [f for f in queue_log.filters if isinstance(f, _OnceFilter)]:
        queue_log.removeFilter(old)
    queue_log.addFilter(_OnceFilter(threads))
    prepare(app)
    log.info("waitress: 1 process with %d threads", threads)
    log.info("Storybank is ready at http://%s:%d/ (Ctrl+C stops it)", host, port)
    waitress.serve(app, host=host, port=port, threads=threads,
                   max_request_body_size=app.config["MAX_CONTENT_LENGTH"])


# -- gunicorn ---------------------------------------------------------------------------


def _serve_gunicorn(app, *, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from .extensions import db

    def when_ready(server) -> None:
        log.info("Storybank is ready at http://%s:%d/ (Ctrl+C stops it)", host, port)

    def post_fork(server, worker) -> None:
        # Database connections opened by the warm-up belong to the parent: never share them.
        with app.app_context():
            db.engine.dispose(close=False)

    class Server(BaseApplication):
        def load_config(self) -> None:
            settings = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers, "worker_class": "gthread", "threads": threads,
                "preload_app": True,  # warm up once in the parent, share it with every worker
                "timeout": 60, "graceful_timeout": 20, "keepalive": 5,
                "when_ready": when_ready, "post_fork": post_fork,
                "accesslog": None, "errorlog": "-", "loglevel": "info",
                "proc_name": "storybank",
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            # Runs in the parent before the port is bound and the workers are forked.
            prepare(app)
            return app

    log.info("gunicorn: %d worker processes (%d cores; --workers to change) with %d threads each",
             workers, cores(), threads)
    Server().run()
