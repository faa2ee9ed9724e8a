"""Retrying index updates that failed after their commit.

``storybank.changes.commit()`` tells search which documents a committed transaction changed
(``storybank.search.changed``); the backend reads them back from the database itself (inside its
lock), so what is committed is what gets indexed. The commit has already happened when the index
is updated, so index trouble must never reach the request that committed: a teller whose story is
stored gets the receipt. A failed update is logged and its keys are retried here in the
background; a start-up catch-up (``storybank.search.repair``) and ``storybank reindex --check``
cover whatever a crash loses from this queue.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
RETRY = "storybank.search.retry"


class Retry:
    """Keys whose update failed, tried again in a background thread until they land.

    The waits grow (``SEARCH_RETRY_SECONDS``) and stay at the last one. When the
    backend itself is broken, a rebuild from the database replaces the retries.
    """

    def __init__(self, app):
        self.app = app
        self.keys: set[str] = set()
        self.failures = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._timer: threading.Timer | None = None

    def add(self, keys) -> None:
        with self._lock:
            self.keys |= set(keys)
            self._idle.clear()
            self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            return
        delays = self.app.config["SEARCH_RETRY_SECONDS"]
        self._timer = threading.Timer(delays[min(self.failures, len(delays) - 1)], self._run)
        self._timer.name = "storybank-search-retry"
        self._timer.daemon = True
        self._timer.start()

    def _run(self) -> None:
        with self._lock:
            keys, self.keys = self.keys, set()
        try:
            with self.app.app_context():
                from ..extensions import db
                from . import get_backend, rebuild_if_broken

                backend = get_backend()
                if backend is not None and not backend.healthy():
                    log.warning("search index unusable; rebuilding it instead of retrying %d change(s)", len(keys))
                    rebuild_if_broken(self.app, background=False)
                elif backend is not None:
                    backend.update(keys, db.engine)
            log.warning("search caught up with %s", ", ".join(sorted(keys)))
            succeeded = True
        except Exception:
            log.exception("search still not updated for %s; trying again later", ", ".join(sorted(keys)))
            succeeded = False
        with self._lock:
            self._timer = None
            if succeeded:
                self.failures = 0
            else:
                self.failures += 1
                self.keys |= keys
            if self.keys:
                self._schedule()
            else:
                self._idle.set()

    def wait(self, timeout: float) -> bool:
        """Until nothing is waiting to be retried (for tests and shutdown)."""
        return self._idle.wait(timeout)
