"""Emerging patterns: clusters of stories that no place explains, and promoting one to a place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from nlp.cluster import emerging_clusters
from nlp.model import NO_CLEAR_PATTERN

from .. import changes, lifecycle
from ..anonymity import clean
from ..extensions import db
from ..lifecycle import PUBLISHED, SUBMITTED
from ..models import Pattern, Story, StoryPattern
from . import audit
from . import patterns as pattern_model

LOW_SCORE = NO_CLEAR_PATTERN
# Free spots on the map for new places, away from the ten landmarks.
EMERGING_SPOTS = [(300, 590), (720, 470), (480, 110), (90, 250), (690, 590), (250, 470), (560, 420), (420, 600)]


@dataclass(frozen=True)
class EmergingCluster:
    number: int
    stories: list[Story]
    keywords: list[str]
    representatives: list[Story]


class PromotionError(ValueError):
    pass


def unexplained_stories(threshold: float = LOW_SCORE) -> list[Story]:
    """Published or waiting stories whose best pattern score stays below the threshold."""
    bundle = pattern_model.load()
    if bundle is None:
        return []
    stories = list(db.session.scalars(select(Story).where(Story.status.in_((PUBLISHED, SUBMITTED)))
                                      .order_by(Story.id)))
    if not stories:
        return []
    scores = bundle["model"].predict_scores([pattern_model.story_text(s.title, s.text) for s in stories])
    return [story for story, row in zip(stories, scores) if row.max() < threshold]


def clusters(threshold: float = LOW_SCORE) -> list[EmergingCluster]:
    stories = unexplained_stories(threshold)
    found = emerging_clusters([pattern_model.story_text(s.title, s.text) for s in stories])
    return [EmergingCluster(number, [stories[i] for i in c.members], c.keywords,
                            [stories[i] for i in c.representatives])
            for number, c in enumerate(found, start=1)]


def promote(story_ids: list[int], *, name: str, place_name: str, description: str, adviser) -> Pattern:
    """Make a cluster a new place, status 'emerging' until its tips are written."""
    if not (name.strip() and place_name.strip() and description.strip()):
        raise PromotionError("Vul een naam, een plaatsnaam en een beschrijving in.")
    # Advisers type these; they are published on the map, so they are anonymised like a story.
    name, place_name, description = clean(name.strip()), clean(place_name.strip()), clean(description.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "opkomend"
    if db.session.scalar(select(Pattern.id).where((Pattern.slug == slug) | (Pattern.name == name))):
        raise PromotionError(f"Er bestaat al een patroon met de naam ‘{name}’.")
    taken = {(p.map_x, p.map_y) for p in db.session.scalars(select(Pattern))}
    x, y = next((spot for spot in EMERGING_SPOTS if spot not in taken), (500, 620))
    order = (db.session.scalar(select(func.max(Pattern.journey_order))) or 0) + 1
    pattern = Pattern(slug=slug, name=name, place_name=place_name, summary=clean(description.split(". ")[0][:240]),
                      description=description, map_x=x, map_y=y, journey_order=order, status="emerging")
    db.session.add(pattern)
    for story in db.session.scalars(select(Story).where(Story.id.in_(story_ids))):
        story.assignments.append(StoryPattern(pattern=pattern, rank=len(story.assignments), source="adviser"))
        if lifecycle.is_public(story):  # its new place is searchable
            changes.touch_story(story.id)
    db.session.flush()
    audit.record("promoted", adviser=adviser, detail=f"nieuw patroon {slug} uit {len(story_ids)} verhalen")
    changes.commit()
    return pattern
