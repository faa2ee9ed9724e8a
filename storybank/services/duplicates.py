"""The near-duplicate check at a near-constant cost per story.

Every story's MinHash bands (``nlp.dedupe``) live in the ``dedupe_band`` table,
indexed by bucket, so every process sees the same and a check reads only the
stories that share a bucket with the new text, never the whole bank. The bands
are kept in step by a session hook: whatever adds a story or changes its text
(the share form, an import, an adviser's edit, the corpus) updates them in the
same transaction.
"""

from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, attributes

from nlp import dedupe

from ..extensions import db
from ..models import DedupeBand, Story


def nearest_duplicate(text: str, *, exclude: int | None = None) -> int | None:
    """The stored story (not a rejected one) whose text is nearly the same, if any."""
    shared = func.count().label("shared")
    candidates = (select(DedupeBand.story_id, shared)
                  .join(Story, Story.id == DedupeBand.story_id)
                  .where(DedupeBand.bucket.in_(dedupe.buckets(text)), Story.status != "rejected")
                  .group_by(DedupeBand.story_id)
                  .order_by(shared.desc(), DedupeBand.story_id)
                  .limit(dedupe.MAX_CANDIDATES))
    ids = [story_id for story_id, _ in db.session.execute(candidates) if story_id != exclude]
    if not ids:
        return None
    texts = list(db.session.execute(select(Story.id, Story.text).where(Story.id.in_(ids))))
    found = dedupe.near_duplicates(text, texts)
    return found[0][0] if found else None


def missing_count() -> int:
    """Stories without bands: made before the band index existed (``storybank init`` fills them)."""
    return db.session.scalar(select(func.count()).select_from(Story).where(~Story.dedupe_bands.any()))


def fill_missing(batch: int = 500) -> int:
    """Give every story without bands its bands; returns how many stories were filled in."""
    filled = 0
    while True:
        stories = list(db.session.scalars(select(Story).where(~Story.dedupe_bands.any()).limit(batch)))
        if not stories:
            return filled
        for story in stories:
            _set_bands(story)
        db.session.commit()
        filled += len(stories)


def _set_bands(story: Story) -> None:
    keys = dedupe.buckets(story.text)
    current = {band.band: band for band in story.dedupe_bands}
    if len(current) == len(keys):
        for number, key in enumerate(keys):
            current[number].bucket = key
    else:
        story.dedupe_bands = [DedupeBand(band=number, bucket=key) for number, key in enumerate(keys)]


def _refresh_bands(session: Session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, Story) or obj.text is None:
            continue
        if obj in session.new or attributes.get_history(obj, "text").has_changes():
            _set_bands(obj)


def listen() -> None:
    """Register the session hook once per process."""
    if not event.contains(Session, "before_flush", _refresh_bands):
        event.listen(Session, "before_flush", _refresh_bands)
