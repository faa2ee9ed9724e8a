"""The near-duplicate check at a near-constant cost per story.

Every story's MinHash bands (``nlp.dedupe``) live in the ``dedupe_band`` table,
indexed by bucket, so every process sees the same and a check reads only the
stories that share a bucket with the new text, never the whole bank. Whatever
adds a story or changes its text (intake for the form and imports, an adviser's
edit, the corpus loader, a withdrawal) calls ``set_bands`` in the same
transaction; ``storybank init`` fills in any story that has none.
"""

from __future__ import annotations

from sqlalchemy import func, select

from nlp import dedupe

from ..extensions import db
from ..lifecycle import REJECTED
from ..models import DedupeBand, Story


def nearest_duplicate(text: str, *, exclude: int | None = None) -> int | None:
    """The stored story (not a rejected one) whose text is nearly the same, if any."""
    shared = func.count().label("shared")
    candidates = (select(DedupeBand.story_id, shared)
                  .join(Story, Story.id == DedupeBand.story_id)
                  .where(DedupeBand.bucket.in_(dedupe.buckets(text)), Story.status != REJECTED)
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
    return db.session.execute(select(func.count()).select_from(Story).where(~Story.dedupe_bands.any())).scalar_one()


def fill_missing(batch: int = 500) -> int:
    """Give every story without bands its bands; returns how many stories were filled in."""
    filled = 0
    while True:
        stories = list(db.session.scalars(select(Story).where(~Story.dedupe_bands.any()).limit(batch)))
        if not stories:
            return filled
        for story in stories:
            set_bands(story)
        db.session.commit()
        filled += len(stories)


def set_bands(story: Story) -> None:
    """Give the story the bands of its current text (call whenever the text is set)."""
    keys = dedupe.buckets(story.text)
    current = {band.band: band for band in story.dedupe_bands}
    if len(current) == len(keys):
        for number, key in enumerate(keys):
            current[number].bucket = key
    else:
        story.dedupe_bands = [DedupeBand(band=number, bucket=key) for number, key in enumerate(keys)]
