"""The near-duplicate check through the band index: right answers, and only candidates are read."""

import pytest
from alembic import command

from nlp import dedupe
from storybank import changes, lifecycle, schema
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Adviser, DedupeBand, Story
from storybank.services import duplicates


def corpus_story(app, index=0):
    with app.app_context():
        story = db.session.scalars(db.select(Story).where(Story.source == "corpus").order_by(Story.id)).all()[index]
        return story.id, story.text


def lightly_edited(text):
    words = text.split()
    words[3] = "werkelijk"
    return " ".join(words) + " Dat wilde ik nog kwijt."


def test_an_edited_copy_of_a_stored_story_is_found(app):
    story_id, text = corpus_story(app)
    with app.app_context():
        assert duplicates.nearest_duplicate(lightly_edited(text)) == story_id
        assert duplicates.nearest_duplicate(lightly_edited(text), exclude=story_id) is None


def test_a_new_story_is_not_a_duplicate(app):
    with app.app_context():
        assert duplicates.nearest_duplicate("Een heel ander verhaal over zwemles in de zomer. " * 5) is None


def test_rejected_stories_are_not_offered(app, submit_story):
    story_id = submit_story(text="Het verhaal van de verdwenen kabelbaan, verteld door een ouder. " * 4)
    with app.app_context():
        assert duplicates.nearest_duplicate("Het verhaal van de verdwenen kabelbaan, verteld door een ouder. " * 4) \
            == story_id
        story = db.session.get(Story, story_id)
        lifecycle.transition(story, "reject", seen_version=None)
        changes.commit()
        assert duplicates.nearest_duplicate("Het verhaal van de verdwenen kabelbaan, verteld door een ouder. " * 4) \
            is None


def test_bands_follow_an_edited_text_and_leave_with_a_deleted_story(app, submit_story):
    old = "Het verhaal van de verdwenen kabelbaan, verteld door een ouder. " * 4
    new = "Een ander verhaal: de wachtlijst voor de logopedist werd steeds langer en niemand belde terug. " * 3
    story_id = submit_story(text=old)
    with app.app_context():
        with curated():  # a fixture row, not typed text
            story = db.session.get(Story, story_id)
            story.text = new
            duplicates.set_bands(story)  # what every path that sets a text does (intake, moderation, corpus)
            db.session.commit()
        assert duplicates.nearest_duplicate(old) is None
        assert duplicates.nearest_duplicate(new) == story_id
        db.session.delete(db.session.get(Story, story_id))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(DedupeBand)
                                 .where(DedupeBand.story_id == story_id)) == 0


def test_a_check_reads_only_the_candidates_not_the_whole_bank(app, monkeypatch):
    """The defect: every submission compared itself with every stored story (refit over all)."""
    compared = []
    real = dedupe.near_duplicates
    monkeypatch.setattr(dedupe, "near_duplicates", lambda text, candidates, **kw: (
        compared.append(len(candidates)), real(text, candidates, **kw))[1])
    story_id, text = corpus_story(app, 5)
    with app.app_context():
        stored = db.session.scalar(db.select(db.func.count()).select_from(Story))
        assert stored > 90
        assert duplicates.nearest_duplicate(lightly_edited(text)) == story_id
    assert compared and max(compared) <= 5


def test_init_fills_in_the_bands_of_stories_stored_before_the_index(app):
    with app.app_context():
        db.session.execute(db.delete(DedupeBand))
        db.session.commit()
        assert duplicates.missing_count() > 90
    result = app.test_cli_runner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "near-duplicate index:" in result.output and "stories added" in result.output
    story_id, text = corpus_story(app, 2)
    with app.app_context():
        assert duplicates.missing_count() == 0
        assert duplicates.nearest_duplicate(lightly_edited(text)) == story_id


def test_upgrading_a_database_gives_advisers_tokens_and_stories_versions(empty_app):
    """The robustness migration on a database at the baseline revision, with data in it."""
    with empty_app.app_context():
        with db.engine.begin() as connection:
            command.upgrade(schema._config(connection), schema.BASELINE)
            connection.exec_driver_sql(
                "INSERT INTO adviser (email, password_hash, active, failed_logins, created_at) "
                "VALUES ('a@example.org', 'x', TRUE, 0, '2025-01-01'), ('b@example.org', 'x', TRUE, 0, '2025-01-01')")
            connection.exec_driver_sql(
                "INSERT INTO story (slug, title, narrator_label, narrator_role, month, year, text, status, source, "
                "created_at, updated_at) VALUES ('s', 't', 'Een ouder vertelt', 'ouder', 1, 2024, 'tekst', "
                "'submitted', 'form', '2025-01-01', '2025-01-01')")
        schema.upgrade()
        tokens = list(db.session.scalars(db.select(Adviser.session_token)))
        assert len(tokens) == 2 and len(set(tokens)) == 2 and all(len(t) == 32 for t in tokens)
        story = db.session.scalar(db.select(Story))
        assert story.version == 1
        with curated():  # a fixture row, not typed text
            story.title = "nieuw"
            db.session.commit()
        assert story.version == 2


@pytest.mark.parametrize("count", [1, 3])
def test_every_story_gets_one_row_per_band(app, count, submit_story):
    ids = [submit_story(title=f"Verhaal {n}", text=f"Verhaal nummer {n} over de wachtlijst. " * 6)
           for n in range(count)]
    with app.app_context():
        for story_id in ids:
            bands = db.session.scalars(db.select(DedupeBand.band).where(DedupeBand.story_id == story_id)).all()
            assert sorted(bands) == list(range(dedupe.BANDS))
