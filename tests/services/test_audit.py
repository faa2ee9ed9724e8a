"""storybank/services/audit.py: events stored with the change they describe, read newest first."""

from datetime import datetime, timedelta, timezone

from storybank.extensions import db
from storybank.models import AuditEvent, Story
from storybank.services import audit
from storybank.services.advisers import create_adviser


def test_an_event_is_stored_by_the_callers_commit_and_not_without_it(app):
    with app.app_context():
        adviser = create_adviser("adviseur@example.org", "een lang genoeg wachtwoord")
        story = db.session.scalar(db.select(Story).order_by(Story.id))
        audit.record("published", adviser=adviser, story=story)
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0
        audit.record("published", adviser=adviser, story=story)
        db.session.commit()
        [event] = db.session.scalars(db.select(AuditEvent))
        assert (event.action, event.adviser_id, event.story_id, event.detail) == (
            "published", adviser.id, story.id, None)


def test_recent_gives_the_newest_first_with_adviser_and_story_and_stops_at_the_limit(app):
    with app.app_context():
        adviser = create_adviser("adviseur@example.org", "een lang genoeg wachtwoord")
        story = db.session.scalar(db.select(Story).order_by(Story.id))
        now = datetime.now(timezone.utc)
        for minutes, action in ((30, "oud"), (10, "nieuwer"), (20, "tussenin")):
            audit.record(action, adviser=adviser, story=story)
            db.session.flush()
            newest = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.id.desc()))
            newest.at = now - timedelta(minutes=minutes)
        audit.record("zelfde-tijd", story=story)  # a later id at the same time as 'nieuwer' comes first
        db.session.flush()
        db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.id.desc())).at = now - timedelta(minutes=10)
        db.session.commit()
        events = audit.recent()
        assert [e.action for e in events] == ["zelfde-tijd", "nieuwer", "tussenin", "oud"]
        assert events[1].adviser.email == "adviseur@example.org" and events[1].story.slug == story.slug
        assert events[0].adviser is None
        assert [e.action for e in audit.recent(limit=2)] == ["zelfde-tijd", "nieuwer"]


def test_what_an_adviser_typed_in_the_detail_is_anonymised(app, deduce):
    with app.app_context():
        audit.record("rejected", detail="Herkenbaar: Joost de Vries belde 06-12345678")
        db.session.commit()
        detail = db.session.scalar(db.select(AuditEvent.detail))
        assert "Vries" not in detail and "06-12345678" not in detail and "[telefoonnummer]" in detail
