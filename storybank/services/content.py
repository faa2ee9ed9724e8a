"""Write the validated corpus into the database.

Syncing is idempotent: rows are matched by slug (and by place + audience for
tips), only changed fields are written, and the report says what changed, so a
second ``storybank init`` can say it had nothing to do. Corpus stories whose
file was removed are removed too; stories from the form or an import are never
touched here. A new corpus story is published at once (``lifecycle.admit``); one
that exists keeps the status advisers gave it. Search is told which places, tips
and public stories changed (``storybank.changes``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from .. import changes, lifecycle
from ..anonymity import curated
from ..corpus import Corpus, StoryEntry
from ..extensions import db
from ..models import Pattern, Story, StoryPattern, Tip
from . import duplicates


@dataclass
class SyncReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind, outcome] += 1

    @property
    def changed(self) -> bool:
        return any(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def describe(self) -> str:
        lines = []
        for kind in ("patterns", "tips", "stories"):
            parts = [f"{self.counts[kind, outcome]} {outcome}"
                     for outcome in ("created", "updated", "removed", "unchanged")
                     if self.counts[kind, outcome]]
            lines.append(f"{kind}: {', '.join(parts) or 'none'}")
        return "\n".join(lines)


def _apply(row, values: dict) -> bool:
    """Set the fields that differ; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _upsert(model, row, values: dict):
    """Create or update one row; return it with the outcome for the report."""
    if row is None:
        row = model(**values)
        db.session.add(row)
        return row, "created"
    return row, "updated" if _apply(row, values) else "unchanged"


def sync_corpus(corpus: Corpus) -> SyncReport:
    """Write the corpus; its texts are curated (written anonymous, reviewed in diffs), so the
    free-text guard of storybank.anonymity lets them through."""
    with curated():
        return _sync(corpus)


def _sync(corpus: Corpus) -> SyncReport:
    report = SyncReport()
    touched: list = []  # rows whose search documents change, named after the flush gives ids
    patterns = {p.slug: p for p in db.session.scalars(select(Pattern))}
    for pattern_entry in corpus.patterns:
        values = dict(
            slug=pattern_entry.slug, name=pattern_entry.name, place_name=pattern_entry.place_name,
            summary=pattern_entry.summary, description=pattern_entry.description,
            map_x=pattern_entry.map_x, map_y=pattern_entry.map_y, journey_order=pattern_entry.journey_order,
        )
        patterns[pattern_entry.slug], outcome = _upsert(Pattern, patterns.get(pattern_entry.slug), values)
        report.add("patterns", outcome)
        if outcome == "updated":
            touched.append(patterns[pattern_entry.slug])
    db.session.flush()

    tips = {(t.pattern.slug, t.audience): t for t in db.session.scalars(select(Tip))}
    for tip_entry in corpus.tips:
        values = dict(pattern=patterns[tip_entry.pattern], audience=tip_entry.audience, text=tip_entry.text)
        tip, outcome = _upsert(Tip, tips.get((tip_entry.pattern, tip_entry.audience)), values)
        report.add("tips", outcome)
        if outcome != "unchanged":
            touched.append(tip)

    stored = {s.slug: s for s in db.session.scalars(select(Story).where(Story.source == "corpus"))}
    for story_entry in corpus.stories:
        story, outcome = _upsert(Story, stored.pop(story_entry.slug, None), _story_values(story_entry))
        if outcome == "created":
            lifecycle.admit(story, published=True)  # written and reviewed by the team
        if _sync_assignments(story, story_entry, patterns) and outcome == "unchanged":
            outcome = "updated"
        if outcome != "unchanged":
            duplicates.set_bands(story)
            touched.append(story)
        report.add("stories", outcome)
    for story in stored.values():
        if lifecycle.is_public(story):
            changes.touch_story(story.id)
        db.session.delete(story)
        report.add("stories", "removed")
    db.session.flush()
    for row in touched:
        if isinstance(row, Pattern):
            changes.touch(changes.pattern_key(row.id))
        elif isinstance(row, Tip):
            changes.touch(changes.tip_key(row.id))
        elif lifecycle.is_public(row):
            changes.touch_story(row.id)
    changes.commit()
    return report


def _story_values(entry: StoryEntry) -> dict:
    return dict(
        slug=entry.slug, title=entry.title, narrator_label=entry.narrator_label,
        narrator_role=entry.narrator_role, narrator_role_other=entry.narrator_role_other,
        organisation_type=entry.organisation_type, month=entry.month, year=entry.year,
        text=entry.text, source="corpus",
    )


def _sync_assignments(story: Story, entry: StoryEntry, patterns: dict[str, Pattern]) -> bool:
    wanted = [(slug, rank, slug in entry.exemplary) for rank, slug in enumerate(entry.patterns)]
    current = [(a.pattern.slug, a.rank, a.exemplary) for a in story.assignments]
    if current == wanted:
        return False
    story.assignments = [
        StoryPattern(pattern=patterns[slug], rank=rank, exemplary=exemplary, source="adviser")
        for slug, rank, exemplary in wanted
    ]
    return True

