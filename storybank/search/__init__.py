"""Search over published stories and tips, behind one seam (see base.py).

Everything about search lives in this package; the rest of the app uses only
what this module exports. When search is off (``SEARCH_ENABLED = False``) the
functions here do nothing and the search page says so.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app, has_app_context
from sqlalchemy import inspect

from ..config import ConfigError
from ..extensions import db
from . import sync
from .base import SORTS, CheckReport, IndexUnavailable, SearchBackend, SearchOutcome, SearchRequest

__all__ = [
    "SORTS", "CheckReport", "IndexUnavailable", "SearchBackend", "SearchOutcome", "SearchRequest",
    "changed", "check", "get_backend", "get_index", "init_app", "rebuild_if_broken", "reindex", "repair", "search",
]

log = logging.getLogger(__name__)
EXTENSION = "storybank.search"
BACKENDS = ("whoosh", "postgres")
# A catch-up that finds more than this share of documents out of date rebuilds instead.
REBUILD_SHARE = 0.1


def init_app(app) -> None:
    # The SEARCH_* settings and their defaults are in storybank/config.py.
    if not app.config["SEARCH_ENABLED"]:
        return
    backend = make_backend(app)
    app.extensions[EXTENSION] = backend
    app.extensions[sync.RETRY] = sync.Retry(app)
    app.extensions[EXTENSION + ".guard"] = threading.Lock()
    backend.clean_up()
    if app.config["SEARCH_REBUILD_ON_START"]:
        rebuild_if_broken(app)


def backend_name(app) -> str:
    """``STORYBANK_SEARCH`` (whoosh or postgres); by default postgres on PostgreSQL, else whoosh."""
    on_postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    name = str(app.config.get("SEARCH") or ("postgres" if on_postgres else "whoosh")).lower()
    if name not in BACKENDS:
        raise ConfigError(f"STORYBANK_SEARCH must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "postgres" and not on_postgres:
        raise ConfigError("STORYBANK_SEARCH=postgres needs a PostgreSQL database (STORYBANK_DATABASE_URL)")
    return name


def make_backend(app) -> SearchBackend:
    if backend_name(app) == "postgres":
        from .postgres import PostgresBackend

        return PostgresBackend(derivation=bool(app.config["SEARCH_DERIVATION"]))
    from .whoosh_backend import WhooshBackend

    return WhooshBackend(app.instance_path, derivation=bool(app.config["SEARCH_DERIVATION"]))


def changed(keys) -> None:
    """Bring these documents (``story:<id>``, ``tip:<id>``, ``pattern:<id>``) up to date with the
    database: called by ``storybank.changes.commit()`` after each commit that changed them, the one
    path by which the index learns of a change. Never raises: a failed update is logged and retried
    in the background."""
    keys = set(keys)
    backend = get_backend() if has_app_context() else None
    if not keys or backend is None:
        return
    try:
        backend.update(keys, db.engine)
    except Exception:
        log.exception("search not updated for %s; retrying in the background", ", ".join(sorted(keys)))
        retry = current_app.extensions.get(sync.RETRY)
        if retry is not None:
            retry.add(keys)


def get_backend() -> SearchBackend | None:
    return current_app.extensions.get(EXTENSION)


def get_index():
    """The Whoosh index of the Whoosh backend (None for other backends or when search is off)."""
    return getattr(get_backend(), "index", None)


def rebuild_if_broken(app, *, background: bool = True) -> threading.Thread | None:
    """A missing or unreadable index is rebuilt from the database; pages keep working.

    At most one such rebuild runs per process, and a rebuild already running in
    another process (it holds the build lock) is left to finish on its own.
    """
    backend = app.extensions.get(EXTENSION)
    if backend is None or backend.rebuilding:
        return None
    with app.app_context():
        try:
            if backend.healthy() or not inspect(db.engine).has_table("story"):
                return None  # nothing to repair, or nothing to index before `storybank init`
        except Exception as error:  # the database does not answer: nothing to rebuild from now
            log.warning("search index not checked: %s", error)
            return None
    with app.extensions[EXTENSION + ".guard"]:
        if backend.rebuilding:
            return None
        backend.rebuilding = True
    log.warning("search index is missing or unreadable; rebuilding it from the database")

    def work():
        try:
            with app.app_context():
                count = backend.rebuild(db.engine, wait=False)
            log.warning("search index rebuilt: %d documents", count)
        except IndexUnavailable as error:
            log.warning("search index not rebuilt here: %s", error)
        except Exception:
            log.exception("search index rebuild failed; run 'storybank reindex'")
        finally:
            backend.rebuilding = False

    if not background:
        work()
        return None
    thread = threading.Thread(target=work, name="storybank-reindex", daemon=True)
    thread.start()
    return thread


def repair(app, *, background: bool = True) -> threading.Thread | None:
    """At start-up: rebuild a broken index, or catch up with what the database changed
    while no server was updating it (a crash, a retry queue lost with its process)."""
    backend = app.extensions.get(EXTENSION)
    if backend is None:
        return None
    with app.app_context():
        if not backend.healthy():
            return rebuild_if_broken(app, background=background)

    def work():
        try:
            with app.app_context():
                report = backend.check(db.engine)
                changed = len(report.missing) + len(report.stale) + len(report.extra)
                if changed > max(100, REBUILD_SHARE * report.documents):
                    log.warning("search index: %d documents out of date; rebuilding", changed)
                    backend.rebuild(db.engine, wait=False)
                elif changed:
                    backend.catch_up(db.engine)
                    log.warning("search index caught up: %s", report.describe())
        except Exception:
            log.exception("search index catch-up failed; run 'storybank reindex'")

    if not background:
        work()
        return None
    thread = threading.Thread(target=work, name="storybank-search-catch-up", daemon=True)
    thread.start()
    return thread


def reindex() -> int:
    """Rebuild everything from the database (for Whoosh: a new folder, swapped in)."""
    backend = get_backend()
    if backend is None:
        return 0
    _end_read_transaction()
    return backend.rebuild(db.engine)


def _end_read_transaction() -> None:
    """A rebuild reads and writes on connections of its own and sees only what is committed. A read
    the caller's session still holds open keeps locks that the rebuild's DDL on PostgreSQL would
    wait for (for ever, in the same process), so it ends here; unsaved changes are a caller's bug."""
    session = db.session()
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        raise RuntimeError("commit or roll back the session's changes before rebuilding search")
    session.commit()


def check() -> CheckReport:
    """What search holds against what the database publishes (`storybank reindex --check`)."""
    return get_backend().check(db.engine)


def search(request: SearchRequest) -> SearchOutcome:
    """Raises IndexUnavailable when search cannot answer now; then it repairs itself."""
    backend = get_backend()
    if backend is None or backend.rebuilding:
        raise IndexUnavailable("search is off or being rebuilt")
    try:
        return backend.search(request, db.session)
    except IndexUnavailable:
        app = current_app._get_current_object()
        if app.config["SEARCH_AUTO_REBUILD"]:
            rebuild_if_broken(app)
        raise
