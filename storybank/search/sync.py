"""Keep the index in step with the database, right after each commit.

Changes are noted after every flush (when new rows have their ids) and applied
once the transaction has committed, so a rolled-back change never reaches the
index. The documents are read back from the database in a fresh session: what
is committed is what gets indexed.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..models import Pattern, Story, StoryPattern, Tip
from .documents import documents_for, keys_touched_by_pattern, story_key, tip_key
from .index import IndexUnavailable

log = logging.getLogger(__name__)
PENDING = "storybank.search.pending"


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
    search = current_app.extensions.get("storybank.search")
    if search is None or not search.exists():
        return
    with Session(bind=session.get_bind()) as reader:
        keys = {key for key in pending if not key.startswith("pattern:")}
        for key in pending - keys:
            keys |= keys_touched_by_pattern(reader, int(key.partition(":")[2]))
        documents, removed = documents_for(reader, keys)
    try:
        search.apply(documents, removed)
    except IndexUnavailable as error:
        # The database already holds the change; `storybank reindex` restores the index.
        log.error("search index not updated (%s); run 'storybank reindex'", error)


def _forget_changes(session: Session, *args) -> None:
    session.info.pop(PENDING, None)


def listen() -> None:
    """Register the session hooks once per process."""
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "after_commit", _apply_changes)
        event.listen(Session, "after_rollback", _forget_changes)
