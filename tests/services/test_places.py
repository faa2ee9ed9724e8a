"""storybank/services/places.py: the map's places, what each holds, and how they connect."""

from collections import Counter

import pytest

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from storybank.services import places
from storybank.vocabulary import AUDIENCE_ROLES, AUDIENCES


@pytest.fixture
def context(app):
    with app.app_context():
        yield


def published_per_place(corpus):
    return Counter(slug for story in corpus.stories for slug in story.patterns)


def test_the_map_lists_every_place_in_journey_order_with_its_published_stories(context, corpus):
    on_map = places.list_places()
    assert [p.pattern.slug for p in on_map] == [e.slug for e in sorted(corpus.patterns, key=lambda e: e.journey_order)]
    assert {p.pattern.slug: p.story_count for p in on_map} == {
        e.slug: published_per_place(corpus)[e.slug] for e in corpus.patterns}


def test_a_story_that_is_no_longer_published_leaves_the_counts(context, corpus):
    entry = corpus.stories[0]
    db.session.scalar(db.select(Story).where(Story.slug == entry.slug)).status = "submitted"
    db.session.commit()
    counts = {p.pattern.slug: p.story_count for p in places.list_places()}
    for slug in entry.patterns:
        assert counts[slug] == published_per_place(corpus)[slug] - 1
    place = places.get_place(entry.patterns[0])
    assert entry.slug not in {s.slug for s in place.stories}


def test_a_place_puts_its_exemplary_stories_first_then_the_newest(context, corpus):
    slug = next(e.patterns[0] for e in corpus.stories if e.exemplary)
    place = places.get_place(slug)
    expected = {e.slug for e in corpus.stories if slug in e.patterns}
    assert {s.slug for s in place.stories} == expected
    marked = [s.id in place.exemplary for s in place.stories]
    assert any(marked) and marked == sorted(marked, reverse=True)
    rest = [(s.year, s.month) for s in place.stories if s.id not in place.exemplary]
    assert rest == sorted(rest, reverse=True)
    assert set(place.tips) == set(AUDIENCES) and all(t.pattern_id == place.pattern.id for t in place.tips.values())


def test_a_group_keeps_only_the_stories_its_audience_told_and_counts_each_group(context, corpus):
    slug = "samenspel"
    told = {e.slug: e.narrator_role for e in corpus.stories if slug in e.patterns}
    place = places.get_place(slug, group="gemeenten")
    assert place.group == "gemeenten"
    assert {s.slug for s in place.stories} == {s for s, role in told.items() if role in AUDIENCE_ROLES["gemeenten"]}
    assert place.group_counts["all"] == len(told)
    for group in AUDIENCES:
        assert place.group_counts[group] == sum(role in AUDIENCE_ROLES[group] for role in told.values())


def test_an_unknown_place_is_none(context):
    assert places.get_place("maanland") is None


def test_related_places_are_those_sharing_most_stories_then_journey_neighbours(context, corpus):
    slug = "stroperigheid"
    shared = Counter(other for e in corpus.stories if slug in e.patterns for other in e.patterns if other != slug)
    related = places.related_places(db.session.scalar(db.select(Pattern).where(Pattern.slug == slug)))
    assert len(related) == places.RELATED_PLACES and slug not in [p.slug for p in related]
    counts = [shared[p.slug] for p in related]
    assert counts == sorted(counts, reverse=True) and counts[0] == max(shared.values())


def test_a_place_without_shared_stories_is_related_to_its_neighbours_on_the_journey(context):
    with curated():  # a fixture row, not typed text
        lonely = Pattern(slug="eiland", name="Eiland", place_name="Het eiland", summary="s", description="d",
                         map_x=10, map_y=10, journey_order=100)
        db.session.add(lonely)
        db.session.commit()
    related = places.related_places(lonely)
    orders = sorted(p.journey_order for p in db.session.scalars(db.select(Pattern)) if p.slug != "eiland")
    assert [p.journey_order for p in related] == orders[::-1][:3]
    assert not db.session.scalar(db.select(StoryPattern).where(StoryPattern.pattern_id == lonely.id))
