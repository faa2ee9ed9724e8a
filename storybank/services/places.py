"""The transformatiekaart: places (patterns), what they hold and how they connect."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from ..extensions import db
from ..lifecycle import published, published_query
from ..models import Pattern, Story, StoryPattern, Tip
from ..vocabulary import AUDIENCE_ROLES, AUDIENCES
from .stories import in_group

RELATED_PLACES = 3


@dataclass(frozen=True)
class PlaceOnMap:
    pattern: Pattern
    story_count: int


@dataclass(frozen=True)
class Place:
    pattern: Pattern
    stories: list[Story]
    exemplary: set[int]  # ids of the stories an adviser marked exemplary for this place
    tips: dict[str, Tip]
    related: list[Pattern]
    group: str | None = None  # the audience the stories are filtered by, if any
    group_counts: dict[str, int] | None = None  # published stories here per audience, and "all"


def published_story_counts() -> Counter:
    rows = db.session.execute(
        select(StoryPattern.pattern_id, func.count())
        .join(Story)
        .where(published())
        .group_by(StoryPattern.pattern_id)
    )
    return Counter(dict(rows.all()))


def list_places() -> list[PlaceOnMap]:
    """Every place in journey order, with its count of published stories."""
    counts = published_story_counts()
    patterns = db.session.scalars(select(Pattern).order_by(Pattern.journey_order, Pattern.id))
    return [PlaceOnMap(pattern, counts[pattern.id]) for pattern in patterns]


def get_place(slug: str, group: str | None = None) -> Place | None:
    """A place with its stories; ``group`` keeps only the stories told by that audience."""
    pattern = db.session.scalar(
        select(Pattern).where(Pattern.slug == slug).options(selectinload(Pattern.tips))
    )
    if pattern is None:
        return None
    stories = stories_at(pattern, group)
    return Place(
        pattern=pattern,
        stories=stories,
        exemplary={a.story_id for s in stories for a in s.assignments
                   if a.pattern_id == pattern.id and a.exemplary},
        tips={tip.audience: tip for tip in pattern.tips},
        related=related_places(pattern),
        group=group,
        group_counts=group_counts(pattern),
    )


def _published_at(pattern: Pattern):
    return published_query().join(StoryPattern).where(StoryPattern.pattern_id == pattern.id)


def group_counts(pattern: Pattern) -> dict[str, int]:
    """How many of the place's published stories each audience told ("all": every story)."""
    by_role = Counter(dict(db.session.execute(
        _published_at(pattern).with_only_columns(Story.narrator_role, func.count()).group_by(Story.narrator_role)
    ).all()))
    counts = {"all": sum(by_role.values())}
    counts.update({group: sum(by_role[role] for role in AUDIENCE_ROLES[group]) for group in AUDIENCES})
    return counts


def stories_at(pattern: Pattern, group: str | None = None) -> list[Story]:
    """Published stories of one place: exemplary stories first, then the newest."""
    query = _published_at(pattern)
    if group:
        query = query.where(in_group(group))
    return list(db.session.scalars(
        query.order_by(StoryPattern.exemplary.desc(), Story.year.desc(), Story.month.desc(), Story.id)
        .options(selectinload(Story.assignments).selectinload(StoryPattern.pattern))
    ))


def related_places(pattern: Pattern, limit: int = RELATED_PLACES) -> list[Pattern]:
    """Places whose published stories most often also belong to this place.

    Shared stories are the evidence that two patterns touch; where there are too
    few, the neighbours on the journey fill the list.
    """
    other = aliased(StoryPattern)
    rows = db.session.execute(
        select(other.pattern_id, func.count())
        .select_from(StoryPattern)
        .join(other, (other.story_id == StoryPattern.story_id) & (other.pattern_id != pattern.id))
        .join(Story, Story.id == StoryPattern.story_id)
        .where(StoryPattern.pattern_id == pattern.id, published())
        .group_by(other.pattern_id)
        .order_by(func.count().desc(), other.pattern_id)
        .limit(limit)
    ).all()
    related = [db.session.get_one(Pattern, pattern_id) for pattern_id, _ in rows]  # ids from the join: all there
    if len(related) < limit:
        journey = db.session.scalars(select(Pattern).order_by(Pattern.journey_order)).all()
        by_distance = sorted(
            (p for p in journey if p.id != pattern.id and p not in related),
            key=lambda p: abs(p.journey_order - pattern.journey_order),
        )
        related += by_distance[: limit - len(related)]
    return related
