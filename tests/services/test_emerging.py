"""storybank/services/emerging.py: stories no place explains, grouped, and a group made a place."""

import pytest

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import AuditEvent, Pattern, Story
from storybank.services import emerging, patterns
from tests.helpers import UNPLACED_STORIES


def add_stories(texts, status="submitted"):
    ids = []
    with curated():  # fixture rows, not typed text
        for number, text in enumerate(texts):
            story = Story(slug=f"zomer-{status}-{number}", title=f"Zomer {number}", narrator_label="Een ouder vertelt",
                          narrator_role="ouder", month=7, year=2025, status=status, source="form", text=text)
            db.session.add(story)
            db.session.flush()
            ids.append(story.id)
    db.session.commit()
    return ids


def test_without_a_model_nothing_is_unexplained(app):
    with app.app_context():
        add_stories(UNPLACED_STORIES)
        assert emerging.unexplained_stories() == [] and emerging.clusters() == []


def test_unexplained_stories_are_those_the_model_places_nowhere_and_they_cluster(app):
    with app.app_context():
        patterns.train()
        odd = set(add_stories(UNPLACED_STORIES))
        rejected = set(add_stories(UNPLACED_STORIES[:2], status="rejected"))
        unexplained = {s.id for s in emerging.unexplained_stories()}
        assert odd <= unexplained and not rejected & unexplained
        assert len(unexplained - odd) < 10  # the curated stories are explained by their places
        found = emerging.clusters()
        assert found and [c.number for c in found] == list(range(1, len(found) + 1))
        clustered = {s.id for c in found for s in c.stories}
        assert len(clustered & odd) >= 4
        assert all(set(map(id, c.representatives)) <= set(map(id, c.stories)) and c.keywords for c in found)


def test_promotion_makes_an_emerging_place_on_a_free_spot_after_the_last_one(app, deduce):
    with app.app_context():
        ids = add_stories(UNPLACED_STORIES[3:])
        last = db.session.scalar(db.select(db.func.max(Pattern.journey_order)))
        pattern = emerging.promote(ids, name="Zomer zonder vangnet", place_name="Het Zwembad",
                                   description="Kinderen raken in de vakantie buiten beeld. Clubs nemen het over.",
                                   adviser=None)
        assert (pattern.slug, pattern.status, pattern.journey_order) == ("zomer-zonder-vangnet", "emerging", last + 1)
        assert (pattern.map_x, pattern.map_y) == emerging.EMERGING_SPOTS[0]
        assert pattern.summary == "Kinderen raken in de vakantie buiten beeld"
        assert sorted(a.story_id for a in pattern.assignments) == ids
        assert db.session.scalar(db.select(AuditEvent.detail).where(AuditEvent.action == "promoted")) == (
            "nieuw patroon zomer-zonder-vangnet uit 3 verhalen")
        second = emerging.promote([], name="Nog een plek", place_name="Het Veld", description="Iets anders.",
                                  adviser=None)
        assert (second.map_x, second.map_y) == emerging.EMERGING_SPOTS[1]
        with pytest.raises(emerging.PromotionError, match="bestaat al"):
            emerging.promote([], name="Zomer zonder vangnet", place_name="Elders", description="Weer.", adviser=None)
        with pytest.raises(emerging.PromotionError, match="Vul een naam"):
            emerging.promote(ids, name=" ", place_name="Het Zwembad", description="Iets.", adviser=None)
        assert db.session.scalar(db.select(db.func.count()).select_from(Pattern).where(
            Pattern.status == "emerging")) == 2
