"""What goes into the index: published stories and all tips, as documents.

Everything here reads the database in short transactions of its own (a fresh
session per batch), so that building an index of many thousand stories never
holds a read transaction open for the length of the build: writers are not kept
waiting, and no connection stays checked out while the index is written.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..changes import parse_key, story_key, tip_key
from ..lifecycle import published, published_query
from ..models import Pattern, Story, StoryPattern, Tip

# Part of every version: raise it when what a document holds (or how it is analysed)
# changes, so that `storybank reindex --check` and the start-up catch-up see it as stale.
DOCUMENT_FORMAT = 5  # 5: accents folded by nlp.dutch.fold ("Straße" -> "strasse", "Ærø" -> "aero")
BATCH = 500


def _digest(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in (DOCUMENT_FORMAT, *parts)).encode()).hexdigest()[:16]


def story_version(updated_at, slugs) -> str:
    """A story's last change: its own edits move ``updated_at``, a new place changes the slugs."""
    return _digest(updated_at, ",".join(sorted(slugs)))


def tip_version(tip: Tip) -> str:
    pattern = tip.pattern
    return _digest(pattern.slug, pattern.place_name, pattern.name, tip.audience, tip.text)


def story_document(story: Story, derivation: bool = True) -> dict:
    slugs = [a.pattern.slug for a in story.assignments]
    return {
        "key": story_key(story.id),
        "version": story_version(story.updated_at, slugs),
        "kind": "story",
        "title": story.title,
        # The role's label too, so that a story told by an inkoper is found under "inkoper"
        # (with the rest of the findability additions: off only to measure without them).
        "text": f"{story.text}\n{story.narrator_label}" + (f"\n{story.narrator_role_label}" if derivation else ""),
        "role": story.narrator_role,
        "patterns": " ".join(slugs),
        "year": str(story.year),
        "date": story.year * 100 + story.month,
        "words": f"{story.title} {story.text}",
    }


def tip_title(tip: Tip) -> str:
    return f"{tip.pattern.place_name}: {tip.pattern.name}"


def tip_document(tip: Tip) -> dict:
    title = tip_title(tip)
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


def _document(row, derivation: bool = True) -> dict:
    return story_document(row, derivation) if isinstance(row, Story) else tip_document(row)


def all_documents(bind, batch: int | None = None, *, derivation: bool = True):
    """Every document, read in batches by id, each batch in a transaction of its own.

    A story published while this runs may be missed or seen twice; the rebuild's
    catch-up under the index lock settles that (see ``current_versions``).
    """
    batch = batch or BATCH
    for model, query in ((Story, _published_stories()), (Tip, _tips())):
        last = 0
        while True:
            with Session(bind=bind) as session:
                rows = session.scalars(query.where(model.id > last).order_by(model.id).limit(batch)).all()
                documents = [_document(row, derivation) for row in rows]
            if not rows:
                break
            last = rows[-1].id
            yield from documents


def current_versions(bind) -> dict[str, str]:
    """Key -> version of everything that should be searchable now: a few light queries."""
    with Session(bind=bind) as session:
        stories = dict(session.execute(select(Story.id, Story.updated_at).where(published())).all())
        slugs: dict[int, list[str]] = {story_id: [] for story_id in stories}
        for story_id, slug in session.execute(
                select(StoryPattern.story_id, Pattern.slug).join(Pattern).join(Story)
                .where(published())):
            slugs[story_id].append(slug)
        versions = {story_key(i): story_version(updated, slugs[i]) for i, updated in stories.items()}
        versions.update({tip_key(tip.id): tip_version(tip) for tip in session.scalars(_tips())})
    return versions


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


def expand_keys(session: Session, keys) -> set[str]:
    """Story and tip keys for a set of changes; a renamed place changes the titles of its tips."""
    expanded = set()
    for key in keys:
        kind, number = parse_key(key)
        if kind == "pattern":
            pattern_id = number
            expanded |= {tip_key(i) for i in session.scalars(select(Tip.id).where(Tip.pattern_id == pattern_id))}
        else:
            expanded.add(key)
    return expanded


def documents_for(bind, keys, *, derivation: bool = True) -> tuple[list[dict], list[str]]:
    """Documents for the given keys, and the keys that should leave the index."""
    with Session(bind=bind) as session:
        keys = expand_keys(session, keys)
        rows = rows_for(session, keys)
        documents = [_document(row, derivation) for row in rows.values()]
    return documents, sorted(key for key in keys if key not in rows)
