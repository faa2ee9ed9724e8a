"""storybank/services/content.py: writing the corpus into the database, idempotently."""

from dataclasses import replace

import pytest

from storybank.corpus import Corpus
from storybank.extensions import db
from storybank.models import Pattern, Story, Tip
from storybank.services.content import sync_corpus


@pytest.fixture
def context(app):
    with app.app_context():
        yield


def counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model)) for model in (Pattern, Tip, Story))


def test_a_second_sync_changes_nothing_and_says_so(context, corpus):
    before = counts()
    report = sync_corpus(corpus)
    assert not report.changed and counts() == before
    assert report.describe() == (f"patterns: {len(corpus.patterns)} unchanged\ntips: {len(corpus.tips)} unchanged\n"
                                 f"stories: {len(corpus.stories)} unchanged")


def test_an_edited_entry_is_updated_and_a_removed_story_deleted(context, corpus):
    edited = replace(corpus.stories[0], text=corpus.stories[0].text + "\n\nEen zin erbij.")
    moved = replace(corpus.stories[1], patterns=("ruimte",), exemplary=())
    pattern = replace(corpus.patterns[0], summary="Een nieuwe samenvatting.")
    changed = Corpus(patterns=[pattern, *corpus.patterns[1:]], tips=corpus.tips,
                     stories=[edited, moved, *corpus.stories[3:]])
    report = sync_corpus(changed)
    assert report.changed
    assert report.describe().splitlines() == [
        f"patterns: 1 updated, {len(corpus.patterns) - 1} unchanged", f"tips: {len(corpus.tips)} unchanged",
        f"stories: 2 updated, 1 removed, {len(corpus.stories) - 3} unchanged"]
    assert db.session.scalar(db.select(Story.text).where(Story.slug == edited.slug)).endswith("Een zin erbij.")
    assert [p.slug for p in db.session.scalar(db.select(Story).where(Story.slug == moved.slug)).patterns] == ["ruimte"]
    assert db.session.scalar(db.select(Story).where(Story.slug == corpus.stories[2].slug)) is None
    assert db.session.scalar(db.select(Pattern.summary).where(Pattern.slug == pattern.slug)) == pattern.summary


def test_stories_from_the_form_are_never_touched(context, corpus, submit_story):
    story_id = submit_story()
    report = sync_corpus(Corpus(patterns=corpus.patterns, tips=corpus.tips, stories=[]))
    assert report.describe().endswith(f"stories: {len(corpus.stories)} removed")
    assert db.session.get(Story, story_id).status == "submitted"
    assert counts()[2] == 1


def test_a_new_corpus_story_is_published_with_its_places_in_order(context, corpus):
    new = replace(corpus.stories[0], slug="een-nieuw-verhaal", title="Een nieuw verhaal",
                  patterns=("participatie", "ruimte"), exemplary=("ruimte",))
    report = sync_corpus(Corpus(patterns=corpus.patterns, tips=corpus.tips, stories=[*corpus.stories, new]))
    assert "stories: 1 created" in report.describe()
    story = db.session.scalar(db.select(Story).where(Story.slug == "een-nieuw-verhaal"))
    assert story.status == "published" and story.source == "corpus" and story.published_at is not None
    assert [(a.pattern.slug, a.rank, a.exemplary) for a in story.assignments] == [
        ("participatie", 0, False), ("ruimte", 1, True)]
