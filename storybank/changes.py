"""The one path from a committed change to the search index.

Code that changes what search shows names the documents it changed (``touch_*``) and commits
with :func:`commit`; once the commit has succeeded, :func:`commit` tells search, in one call,
which documents to read again from the database. Nothing else updates the index: no session
hook watches flushes, so storing a story nobody can see yet (a submission) writes nothing to it.

Who names what:

- the lifecycle (``storybank.lifecycle``) names a story when it becomes or stops being public,
  and when an adviser edits a public one;
- the corpus loader names the stories, tips and places it changed;
- nothing else changes what search holds.

Why a direct call after the commit and not an outbox table that each backend drains: the database
is already the one source of truth, and every backend reads a document back from it by key (what
is committed is what is indexed). What a direct call can lose (the process dies between the commit
and the index update, or the update fails) is already repaired from that source: a failed update
is retried in the background (``search.sync.Retry``), the start-up catch-up (``search.repair``)
compares every document's version with the database, and ``storybank reindex --check`` reports any
difference. An outbox would add a table, a drain loop per backend and a second truth to keep in
step, for a loss the versions already detect.
"""

from __future__ import annotations

from .extensions import db

PENDING = "storybank.changes.pending"


def story_key(story_id: int) -> str:
    return f"story:{story_id}"


def tip_key(tip_id: int) -> str:
    return f"tip:{tip_id}"


def pattern_key(pattern_id: int) -> str:
    """A place: its name is part of every one of its tips' titles."""
    return f"pattern:{pattern_id}"


def parse_key(key: str) -> tuple[str, int]:
    kind, _, number = key.partition(":")
    return kind, int(number)


def _pending() -> dict:
    return db.session.info.setdefault(PENDING, {"keys": set(), "rows": []})


def touch(*keys: str) -> None:
    """These search documents change with the current transaction."""
    _pending()["keys"].update(keys)


def touch_story(story_id: int) -> None:
    touch(story_key(story_id))


def touch_new_story(story) -> None:
    """A story that has no id before its first flush; its key is read at the commit."""
    _pending()["rows"].append(story)


def pending_keys() -> set[str]:
    pending = db.session.info.get(PENDING) or {"keys": set(), "rows": []}
    return pending["keys"] | {story_key(row.id) for row in pending["rows"] if row.id is not None}


def discard() -> None:
    """Forget what was noted (the transaction is being rolled back)."""
    db.session.info.pop(PENDING, None)


def rollback() -> None:
    discard()
    db.session.rollback()


def commit() -> set[str]:
    """Commit the session, then tell search which documents changed; returns their keys.

    Search trouble never reaches the caller: the commit has happened (a teller keeps the
    receipt); ``search.changed`` logs a failed update and retries it in the background.
    """
    db.session.flush()  # new rows get their ids
    keys = pending_keys()
    try:
        db.session.commit()
    finally:
        discard()
    if keys:
        # Imported here: search reads published stories through the lifecycle, which notes its
        # changes through this module.
        from . import search

        search.changed(keys)
    return keys
