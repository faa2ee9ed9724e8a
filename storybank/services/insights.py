"""Aggregates for /inzichten: where stories come from, when, and how teller and model agree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..lifecycle import REJECTED, published_query
from ..models import Pattern, Story
from ..vocabulary import NARRATOR_ROLES
from . import patterns as pattern_model


@dataclass(frozen=True)
class Grid:
    """Counts in rows and columns: drawn as a heatmap."""

    rows: list[str]
    columns: list[str]
    values: list[list[int]]

    @property
    def maximum(self) -> int:
        return max((v for row in self.values for v in row), default=0) or 1


@dataclass(frozen=True)
class Agreement:
    pattern: str
    chosen: int  # stories whose teller chose this place
    agreed: int  # ... of which the model has it in its top three

    @property
    def share(self) -> float:
        return self.agreed / self.chosen if self.chosen else 0.0


def _published():
    return list(db.session.scalars(published_query(with_places=True)))


def _patterns() -> list[Pattern]:
    return list(db.session.scalars(select(Pattern).order_by(Pattern.journey_order)))


def stories_per_quarter() -> Grid:
    """Newest quarter first: what an adviser looks for, and what a narrow screen shows before scrolling."""
    stories, patterns = _published(), _patterns()
    quarters = sorted({(s.year, (s.month - 1) // 3 + 1) for s in stories}, reverse=True)
    counts = Counter((a.pattern_id, s.year, (s.month - 1) // 3 + 1) for s in stories for a in s.assignments)
    return Grid([p.name for p in patterns], [f"{y} K{q}" for y, q in quarters],
                [[counts[p.id, y, q] for y, q in quarters] for p in patterns])


def roles_by_pattern() -> Grid:
    stories, patterns = _published(), _patterns()
    counts = Counter((s.narrator_role, a.pattern_id) for s in stories for a in s.assignments)
    roles = [role for role in NARRATOR_ROLES if any(counts[role, p.id] for p in patterns)]
    return Grid([NARRATOR_ROLES[r] for r in roles], [p.name for p in patterns],
                [[counts[r, p.id] for p in patterns] for r in roles])


def teller_model_agreement() -> list[Agreement]:
    bundle = pattern_model.load()
    stories = list(db.session.scalars(select(Story).where(Story.teller_places.is_not(None),
                                                          Story.status != REJECTED)))
    if bundle is None or not stories:
        return []
    model = bundle["model"]
    top3 = [{slug for slug, _ in model.rank(pattern_model.story_text(s.title, s.text))[:3]} for s in stories]
    names = {p.slug: p.name for p in _patterns()}
    chosen: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    for story, best in zip(stories, top3):
        for slug in story.teller_place_slugs:
            chosen[slug] += 1
            agreed[slug] += slug in best
    return [Agreement(names.get(slug, slug), chosen[slug], agreed[slug]) for slug in names if chosen[slug]]


def status_counts() -> dict[str, int]:
    from .moderation import queue_counts

    return queue_counts()
