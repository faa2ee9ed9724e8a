"""Search over published stories and tips (Whoosh, Dutch-aware).

Everything about search lives in this package; the rest of the app uses only
what this module exports. When search is off (``SEARCH_ENABLED = False``) the
functions here do nothing and the search page says so.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ..extensions import db
from . import sync
from .documents import all_documents, current_versions, rows_for
from .index import IndexUnavailable, SearchIndex
from .query import SORTS, SearchOutcome, SearchRequest, run_search

__all__ = [
    "SORTS", "IndexUnavailable", "SearchOutcome", "SearchRequest",
    "get_index", "init_app", "reindex", "search",
]

log = logging.getLogger(__name__)
EXTENSION = "storybank.search"


def init_app(app) -> None:
    app.config.setdefault("SEARCH_ENABLED", True)
    app.config.setdefault("SEARCH_REBUILD_ON_START", True)
    sync.listen()
    if not app.config["SEARCH_ENABLED"]:
        return
    index = SearchIndex(app.instance_path)
    app.extensions[EXTENSION] = index
    if app.config["SEARCH_REBUILD_ON_START"]:
        rebuild_if_broken(app)


def get_index() -> SearchIndex | None:
    return current_app.extensions.get(EXTENSION)


def rebuild_if_broken(app, *, background: bool = True) -> threading.Thread | None:
    """A missing or unreadable index is rebuilt from the database; pages keep working."""
    index = app.extensions.get(EXTENSION)
    if index is None or index.healthy():
        return None
    with app.app_context():
        if not inspect(db.engine).has_table("story"):
            return None  # nothing to index before `storybank init`
    log.warning("search index at %s is missing or unreadable; rebuilding it from the database", index.link)
    index.rebuilding = True

    def work():
        try:
            with app.app_context():
                count = reindex()
            log.warning("search index rebuilt: %d documents", count)
        finally:
            index.rebuilding = False

    if not background:
        work()
        return None
    thread = threading.Thread(target=work, name="storybank-reindex", daemon=True)
    thread.start()
    return thread


def reindex() -> int:
    """Rebuild the whole index from the database into a new folder and swap it in."""
    index = get_index()
    if index is None:
        return 0
    with Session(bind=db.engine) as session:
        return index.rebuild(all_documents(session), lambda: current_versions(session))


def search(request: SearchRequest) -> SearchOutcome:
    """Raises IndexUnavailable when the index is missing, broken or being rebuilt."""
    index = get_index()
    if index is None or index.rebuilding:
        raise IndexUnavailable("search is off or being rebuilt")
    return run_search(index, request, lambda keys: rows_for(db.session, keys))
