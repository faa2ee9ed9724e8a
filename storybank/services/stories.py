"""Published stories: browsing with filters, a single story and its neighbours."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import lifecycle
from ..extensions import db
from ..lifecycle import published_query
from ..models import Pattern, Story, StoryPattern
from ..vocabulary import AUDIENCE_ROLES, AUDIENCES, NARRATOR_ROLES
from . import addresses


@dataclass(frozen=True)
class StoryFilters:
    """Filters for /verhalen; unknown values are dropped and reported, never fatal.

    ``group`` is one of the four audiences (``groep=gemeenten``): every narrator role
    that counts as that audience (vocabulary.AUDIENCE_ROLES)."""

    pattern: str | None = None
    role: str | None = None
    year: int | None = None
    group: str | None = None

    @classmethod
    def from_args(cls, args) -> tuple[StoryFilters, list[str]]:
        ignored = []
        pattern = args.get("patroon") or None
        if pattern and not db.session.scalar(select(Pattern.id).where(Pattern.slug == pattern)):
            ignored.append(f"onbekende plaats ‘{pattern}’")
            pattern = None
        role = args.get("rol") or None
        if role and role not in NARRATOR_ROLES:
            ignored.append(f"onbekende rol ‘{role}’")
            role = None
        year = args.get("jaar") or None
        if year is not None:
            if year.isdigit() and len(year) == 4:
                year = int(year)
            else:
                ignored.append(f"ongeldig jaar ‘{year}’")
                year = None
        group = parse_group(args.get("groep"), ignored)
        return cls(pattern, role, year, group), ignored

    @property
    def active(self) -> bool:
        return any((self.pattern, self.role, self.year, self.group))

    def args(self) -> dict:
        """The query string that reproduces these filters."""
        return {"patroon": self.pattern, "rol": self.role, "jaar": self.year, "groep": self.group}


def parse_group(value: str | None, ignored: list[str]) -> str | None:
    """An audience group from the query string; an unknown one is reported in ``ignored``."""
    if not value:
        return None
    if value not in AUDIENCES:
        ignored.append(f"onbekende groep ‘{value}’ (kies uit {', '.join(AUDIENCES)})")
        return None
    return value


def in_group(group: str):
    """The SQL condition: the story's narrator counts as this audience."""
    return Story.narrator_role.in_(AUDIENCE_ROLES[group])


@dataclass(frozen=True)
class StoryPage:
    stories: list[Story]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def list_published(filters: StoryFilters, *, page: int = 1, per_page: int = 12) -> StoryPage:
    query = published_query()
    if filters.pattern:
        query = query.where(Story.assignments.any(StoryPattern.pattern.has(Pattern.slug == filters.pattern)))
    if filters.role:
        query = query.where(Story.narrator_role == filters.role)
    if filters.year:
        query = query.where(Story.year == filters.year)
    if filters.group:
        query = query.where(in_group(filters.group))
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    page = min(max(page, 1), max(1, math.ceil(total / per_page)))
    stories = db.session.scalars(
        query.order_by(Story.year.desc(), Story.month.desc(), Story.title)
        .limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Story.assignments).selectinload(StoryPattern.pattern))
    ).all()
    return StoryPage(list(stories), total, page, per_page)


def get_published(slug: str) -> Story | None:
    return db.session.scalar(published_query().where(Story.slug == slug))


def current_address(old_slug: str) -> str | None:
    """Where a published story lives now that had ``old_slug`` before an adviser retitled it."""
    story = addresses.moved_to(old_slug)
    return story.slug if story is not None and lifecycle.is_public(story) else None


def more_from_same_places(story: Story, limit: int = 3) -> list[Story]:
    """Other published stories that share a place with this one, newest first."""
    pattern_ids = [assignment.pattern_id for assignment in story.assignments]
    return list(db.session.scalars(
        published_query()
        .where(Story.id != story.id,
               Story.assignments.any(StoryPattern.pattern_id.in_(pattern_ids)))
        .order_by(Story.year.desc(), Story.month.desc(), Story.id)
        .limit(limit)
    ))


def filter_choices() -> dict:
    """The values that occur among published stories, for the filter form."""
    roles = db.session.scalars(
        published_query().with_only_columns(Story.narrator_role).distinct()
    ).all()
    years = db.session.scalars(
        published_query().with_only_columns(Story.year).distinct().order_by(Story.year.desc())
    ).all()
    patterns = db.session.scalars(select(Pattern).order_by(Pattern.journey_order)).all()
    return {
        "patterns": patterns,
        "roles": [(key, label) for key, label in NARRATOR_ROLES.items() if key in roles],
        "years": years,
    }
