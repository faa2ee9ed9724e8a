"""Keep search in step with the database, right after each commit.

Changes are noted after every flush (when new rows have their ids) and applied
once the transaction has committed, so a rolled-back change never reaches the
index. The backend reads the documents back from the database itself (inside its
lock): what is committed is what gets indexed.

The commit has already happened when the index is updated, so index trouble must
never reach the request that committed: a teller whose story is stored gets the
receipt. A failed update is logged and its keys are retried in the background
(``Retry``); a start-up catch-up (``storybank.search.repair``) and
``storybank reindex --check`` cover whatever a crash loses from that queue.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..models import Pattern, Story, StoryPattern, Tip
from .documents import story_key, tip_key

log = logging.getLogger(__name__)
PENDING = "storybank.search.pending"
RETRY = "storybank.search.retry"


def _note_changes(session: Session, flush_context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Story):
            pending.add(story_key(obj.id))
        elif isinstance(obj, StoryPattern) and obj.story_id is not None:
            pending.add(story_key(obj.story_id))
        elif isinstance(obj, Tip):
            pending.add(tip_key(obj.id))
        elif isinstance(obj, Pattern) and obj.id is not None:
            pending.add(f"pattern:{obj.id}")


def _apply_changes(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()
    backend = app.extensions.get("storybank.search")
    if backend is None:
        return
    try:
        backend.update(pending, session.get_bind())
    except Exception:
        log.exception("search not updated for %s; retrying in the background", ", ".join(sorted(pending)))
        retry = app.extensions.get(RETRY)
        if retry is not None:
            retry.add(pending)


def _forget_changes(session: Session, *args) -> None:
    session.info.pop(PENDING, None)


def listen() -> None:
    """Register the session hooks once per process."""
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "after_commit", _apply_changes)
        event.listen(Session, "after_rollback", _forget_changes)


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
                from . import get_backend, rebuild_if_broken
                from ..extensions import db

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
