"""The one path from a commit to the index (storybank.changes -> storybank.search.changed).

Storing a story nobody can see must not write to the index nor take its lock; publishing one must
reach the index once, after the commit; a rolled-back change must never reach it."""

import pytest

from storybank import changes, lifecycle, search
from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Story
from storybank.search import index as index_module
from storybank.services import intake


@pytest.fixture
def index_writes(indexed_app, monkeypatch):
    """What reaches search: the keys it is told of, the keys its backend updates and, on Whoosh,
    every time the index takes its cross-process lock or writes documents."""
    with indexed_app.app_context():
        backend = search.get_backend()
    counted = {"lock": 0, "written": [], "told": [], "updated": []}
    update = backend.update
    monkeypatch.setattr(backend, "update", lambda keys, bind: (counted["updated"].append(set(keys)),
                                                                 update(keys, bind))[1])
    changed = search.changed
    monkeypatch.setattr(search, "changed", lambda keys: (counted["told"].append(set(keys)), changed(keys)))
    if backend.name == "whoosh":
        index = backend.index
        locked, write = index._locked, index_module._write

        def count_lock():
            counted["lock"] += 1
            return locked()

        def count_write(ix, documents, removed_keys):
            counted["written"].append(([d["key"] for d in documents], list(removed_keys)))
            return write(ix, documents, removed_keys)

        monkeypatch.setattr(index, "_locked", count_lock)
        monkeypatch.setattr(index_module, "_write", count_write)
    return counted


@pytest.mark.slow
def test_storing_a_submitted_story_leaves_the_index_untouched(indexed_app, index_writes, deduce):
    submission = intake.Submission(title="Wachten op de kabelbaan", narrator_role="ouder", month=3, year=2025,
                                   text="Een verhaal over de kabelbaan naar het gemeentehuis en het wachten. " * 3)
    with indexed_app.app_context():
        story = intake.store(submission, intake.preview(submission))
        assert story.status == "submitted" and story.slug is None
    assert index_writes == {"lock": 0, "written": [], "told": [], "updated": []}


def published_row(app, title="Kabelbaan"):
    with app.app_context(), curated():
        story = Story(title=title, narrator_label="Een ouder vertelt", narrator_role="ouder", month=5,
                      year=2025, text="Een verhaal over de kabelbaan. " * 5, source="form")
        lifecycle.admit(story)
        db.session.add(story)
        changes.commit()
        return story.id


def test_publishing_tells_search_once_after_the_commit(indexed_app, index_writes):
    story_id = published_row(indexed_app)
    assert index_writes["told"] == []
    with indexed_app.app_context():
        story = db.session.get(Story, story_id)
        lifecycle.transition(story, "publish", seen_version=story.version)
        story.slug = "kabelbaan"
        assert index_writes["told"] == []  # nothing before the commit
        changes.commit()
    assert index_writes["told"] == index_writes["updated"] == [{f"story:{story_id}"}]
    if search.backend_name(indexed_app) == "whoosh":
        assert index_writes["written"] == [([f"story:{story_id}"], [])]


def test_a_rolled_back_transition_never_reaches_search(indexed_app, index_writes):
    story_id = published_row(indexed_app)
    with indexed_app.app_context():
        story = db.session.get(Story, story_id)
        lifecycle.transition(story, "publish", seen_version=story.version)
        changes.rollback()
        changes.commit()  # a later commit in the same session carries nothing along
        assert db.session.get(Story, story_id).status == "submitted"
    assert index_writes["told"] == index_writes["updated"] == [] and index_writes["lock"] == 0


def test_a_failed_commit_tells_search_nothing(indexed_app, index_writes, monkeypatch):
    story_id = published_row(indexed_app)
    with indexed_app.app_context():
        story = db.session.get(Story, story_id)
        lifecycle.transition(story, "publish", seen_version=story.version)

        def fail():
            raise RuntimeError("disk full")
        monkeypatch.setattr(db.session, "commit", fail)
        with pytest.raises(RuntimeError):
            changes.commit()
        monkeypatch.undo()
        db.session.rollback()
    assert index_writes["told"] == []


def test_unpublishing_removes_the_story_from_the_index(indexed_app, index_writes):
    with indexed_app.app_context():
        story = db.session.scalar(lifecycle.published_query().order_by(Story.id).limit(1))
        lifecycle.transition(story, "unpublish", seen_version=story.version)
        changes.commit()
        key = f"story:{story.id}"
        assert search.check().agrees
        if search.backend_name(indexed_app) == "whoosh":
            assert key not in search.get_backend().index.indexed_versions()
            assert index_writes["written"] == [([], [key])]
    assert index_writes["told"] == [{key}]
