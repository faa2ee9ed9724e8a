"""What goes into the index: published stories and all tips, as Whoosh documents."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Story, Tip
from ..services.stories import published_query


def story_key(story_id: int) -> str:
    return f"story:{story_id}"


def tip_key(tip_id: int) -> str:
    return f"tip:{tip_id}"


def parse_key(key: str) -> tuple[str, int]:
    kind, _, number = key.partition(":")
    return kind, int(number)


def story_version(story: Story) -> str:
    patterns = ",".join(a.pattern.slug for a in story.assignments)
    return hashlib.sha1(f"{story.updated_at}|{patterns}".encode()).hexdigest()[:16]


def tip_version(tip: Tip) -> str:
    return hashlib.sha1(f"{tip.pattern.slug}|{tip.audience}|{tip.text}".encode()).hexdigest()[:16]


def story_document(story: Story) -> dict:
    return {
        "key": story_key(story.id),
        "version": story_version(story),
        "kind": "story",
        "title": story.title,
        "text": f"{story.text}\n{story.narrator_label}",
        "role": story.narrator_role,
        "patterns": " ".join(a.pattern.slug for a in story.assignments),
        "year": str(story.year),
        "date": story.year * 100 + story.month,
        "words": f"{story.title} {story.text}",
    }


def tip_document(tip: Tip) -> dict:
    title = f"{tip.pattern.place_name}: {tip.pattern.name}"
    return {
        "key": tip_key(tip.id),
        "version": tip_version(tip),
        "kind": "tip",
        "title": title,
        "text": tip.text,
        "patterns": tip.pattern.slug,
        "audience": tip.audience,
        "date": 0,
        "words": f"{title} {tip.text}",
    }


def _published_stories():
    return published_query(with_places=True)


def _tips():
    return select(Tip).options(selectinload(Tip.pattern))


def all_documents(session: Session, batch: int = 1000):
    """Every document, streamed in batches so a large database fits in memory."""
    for query in (_published_stories(), _tips()):
        for partition in session.scalars(query.execution_options(yield_per=batch)).partitions():
            for row in partition:
                yield story_document(row) if isinstance(row, Story) else tip_document(row)


def current_versions(session: Session) -> tuple[dict[str, str], callable]:
    versions = {story_key(s.id): story_version(s) for s in session.scalars(_published_stories())}
    versions.update({tip_key(t.id): tip_version(t) for t in session.scalars(_tips())})

    def load(keys):
        return documents_for(session, keys)[0]

    return versions, load


def rows_for(session: Session, keys) -> dict[str, Story | Tip]:
    """The published story or tip behind each key; keys without one are left out."""
    ids = {"story": set(), "tip": set()}
    for key in keys:
        kind, number = parse_key(key)
        ids[kind].add(number)
    rows = {}
    if ids["story"]:
        rows.update({story_key(s.id): s for s in session.scalars(
            _published_stories().where(Story.id.in_(ids["story"])))})
    if ids["tip"]:
        rows.update({tip_key(t.id): t for t in session.scalars(_tips().where(Tip.id.in_(ids["tip"])))})
    return rows


def documents_for(session: Session, keys) -> tuple[list[dict], list[str]]:
    """Documents for the given keys, and the keys that should leave the index."""
    rows = rows_for(session, keys)
    documents = [story_document(r) if isinstance(r, Story) else tip_document(r) for r in rows.values()]
    return documents, [key for key in keys if key not in rows]


def keys_touched_by_pattern(session: Session, pattern_id: int) -> set[str]:
    """A renamed place changes the titles of its tips."""
    return {tip_key(i) for i in session.scalars(select(Tip.id).where(Tip.pattern_id == pattern_id))}

