"""storybank.lifecycle: the one owner of a story's status.

Each forbidden transition is refused with a Dutch message and changes nothing: not the status,
not the audit log, not the search index."""

import itertools

import pytest
from sqlalchemy import func, select

from storybank import changes, lifecycle
from storybank.anonymity import curated
from storybank.extensions import db
from storybank.lifecycle import PUBLISHED, REJECTED, SUBMITTED, WITHDRAWN
from storybank.models import AuditEvent, Story

# The whole table, written out: what may happen to a story in each status (docs/lifecycle.md).
ALLOWED = {
    ("publish", SUBMITTED), ("publish", REJECTED), ("publish", PUBLISHED),
    ("unpublish", PUBLISHED),
    ("reject", SUBMITTED), ("reject", PUBLISHED),
    ("withdraw", SUBMITTED), ("withdraw", PUBLISHED), ("withdraw", REJECTED),
    ("purge", REJECTED), ("purge", WITHDRAWN),
}
ACTIONS = ("publish", "unpublish", "reject", "withdraw", "purge")
STATUSES = (SUBMITTED, PUBLISHED, REJECTED, WITHDRAWN)
FORBIDDEN = sorted(set(itertools.product(ACTIONS, STATUSES)) - ALLOWED)


@pytest.fixture
def make_story(app):
    """A story row in the given status (fixture rows skip the anonymiser); returns its id."""
    def make(status=SUBMITTED):
        with app.app_context(), curated():
            story = Story(title="Vier loketten", narrator_label="Een ouder vertelt", narrator_role="ouder",
                          month=5, year=2025, text="Een verhaal over vier loketten en een lange wachtlijst.",
                          status=status, source="form", slug=f"vier-loketten-{status}" if status == PUBLISHED else None)
            db.session.add(story)
            db.session.commit()
            return story.id
    return make


def audit_count(story_id):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.story_id == story_id))


def test_the_rules_are_exactly_the_documented_table():
    actual = {(action, status) for action, rule in lifecycle.RULES.items() for status in rule.sources}
    assert actual == ALLOWED
    assert len(FORBIDDEN) == 9


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_a_forbidden_transition_is_refused_in_dutch_and_changes_nothing(app, make_story, action, status):
    story_id = make_story(status)
    with app.app_context():
        story = db.session.get(Story, story_id)
        version = story.version
        with pytest.raises(lifecycle.TransitionRefused) as refused:
            lifecycle.transition(story, action, seen_version=version)
        assert refused.value.status_code == 409
        assert "Er is niets veranderd." in refused.value.message
        assert changes.pending_keys() == set()
        changes.commit()
        db.session.expire_all()
        story = db.session.get(Story, story_id)
        assert (story.status, story.version, audit_count(story_id)) == (status, version, 0)


@pytest.mark.parametrize(("action", "status"), sorted(ALLOWED))
def test_an_allowed_transition_moves_the_status_and_logs_it(app, make_story, action, status):
    story_id = make_story(status)
    with app.app_context():
        story = db.session.get(Story, story_id)
        before = lifecycle.transition(story, action, seen_version=story.version)
        if action == "purge":
            db.session.delete(story)
        changes.commit()
        assert before == status
        stored = db.session.get(Story, story_id)
        if action == "purge":
            assert stored is None
        else:
            assert stored.status == lifecycle.RULES[action].target
            assert audit_count(story_id) == 1


def test_a_transition_from_an_older_version_is_refused(app, make_story):
    story_id = make_story(SUBMITTED)
    with app.app_context():
        story = db.session.get(Story, story_id)
        with pytest.raises(lifecycle.StaleVersion):
            lifecycle.transition(story, "publish", seen_version=story.version - 1 if story.version > 1 else 99)
        assert story.status == SUBMITTED


def test_a_withdrawn_story_cannot_be_edited(app, make_story):
    story_id = make_story(WITHDRAWN)
    with app.app_context():
        story = db.session.get(Story, story_id)
        with pytest.raises(lifecycle.TransitionRefused, match="ingetrokken"):
            lifecycle.check_editable(story, seen_version=story.version)


def test_only_changes_to_public_stories_name_search_documents(app, make_story):
    waiting, public = make_story(SUBMITTED), make_story(PUBLISHED)
    with app.app_context():
        lifecycle.transition(db.session.get(Story, waiting), "reject", seen_version=None)
        assert changes.pending_keys() == set()  # never public: search has nothing to do
        lifecycle.transition(db.session.get(Story, public), "unpublish", seen_version=None)
        assert changes.pending_keys() == {f"story:{public}"}  # leaves the index
        changes.rollback()


def test_new_corpus_stories_are_published_and_new_submissions_wait(app):
    with app.app_context():
        submitted, corpus = Story(), Story()
        lifecycle.admit(submitted)
        lifecycle.admit(corpus, published=True)
        assert (submitted.status, submitted.published_at) == (SUBMITTED, None)
        assert corpus.status == PUBLISHED and corpus.published_at is not None
        changes.discard()


def test_no_code_outside_the_lifecycle_assigns_a_story_status():
    """A grep over storybank/, so that a new shortcut fails here instead of in a teller's rights."""
    import re
    from pathlib import Path

    root = Path(lifecycle.__file__).resolve().parent
    # story.status = ..., Story(..., status=...), .values(status=...)
    assignment = re.compile(r"\.status\s*=(?!=)|\bstatus=(?!=)")
    not_a_story = {("services/emerging.py", 'status="emerging"'),  # a new place's status (Pattern)
                   ("search/pg_query.py", "s.status = '{PUBLISHED}'")}  # SQL: a comparison
    offenders = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "lifecycle.py" or relative.startswith("migrations/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if assignment.search(code) and not any(relative == f and mark in code for f, mark in not_a_story):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
