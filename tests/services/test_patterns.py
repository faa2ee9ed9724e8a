"""storybank/services/patterns.py: what the pattern model learns from, and its suggestions."""

import pytest

from storybank.anonymity import curated
from storybank.exchange.records import Record
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from storybank.services import patterns

WAITING = "De formulieren en regels van het loket: we wachtten maanden op een beschikking. " * 3


def test_the_training_set_holds_corpus_descriptions_tips_and_what_advisers_confirmed(app, corpus):
    with app.app_context(), curated():  # fixture rows, not typed text
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "ruimte"))
        for slug, status, source in (("bevestigd", "published", "adviser"), ("wachtend", "submitted", "adviser"),
                                     ("voorgesteld", "published", "model")):
            story = Story(slug=slug, title=slug, narrator_label="Een ouder vertelt", narrator_role="ouder",
                          month=1, year=2025, text=f"Tekst van {slug}.", status=status, source="form")
            story.assignments.append(StoryPattern(pattern=pattern, rank=0, source=source))
            db.session.add(story)
        db.session.commit()
        extra = [Record(line=1, title="Extra", text="Een extra verhaal.", narrator_role="ouder",
                        narrator_role_other=None, narrator_label="Een ouder vertelt", month=1, year=2020,
                        patterns=["spanning"])]
        data = patterns.training_set(extra)
    stories = len(corpus.stories) + 2
    assert data.counts == {"corpus_stories": len(corpus.stories), "confirmed_stories": 1, "extra_stories": 1,
                           "stories": stories, "descriptions": len(corpus.patterns), "tips": len(corpus.tips),
                           "lexicons": len(data.lexicons)}
    assert len(data.texts) == len(data.labels) == stories + len(corpus.patterns) + len(corpus.tips)
    confirmed = len(corpus.stories)
    assert (data.texts[confirmed], data.labels[confirmed]) == ("bevestigd. Tekst van bevestigd.", ["ruimte"])
    assert data.texts[stories - 1] == "Extra. Een extra verhaal." and data.labels[stories - 1] == ["spanning"]
    assert data.lexicons and all(slug in {p.slug for p in corpus.patterns} for slug in data.lexicons)


def test_without_a_model_there_are_no_suggestions(app):
    with app.app_context():
        assert patterns.load() is None and patterns.suggest("Wachten", WAITING) == []


def test_a_trained_model_suggests_the_best_places_with_their_reasons(app, corpus):
    with app.app_context():
        meta = patterns.train()
        assert meta["counts"]["corpus_stories"] == len(corpus.stories) and meta["format"] == patterns.FORMAT_VERSION
        assert sorted(meta["classes"]) == sorted(p.slug for p in corpus.patterns)
        suggestions = patterns.suggest("Wachten op de beschikking", WAITING, limit=4)
        names = dict(db.session.execute(db.select(Pattern.slug, Pattern.name)).all())
    assert len(suggestions) == 4 and suggestions[0].slug == "stroperigheid"
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert all(s.name == names[s.slug] for s in suggestions)
    assert suggestions[0].words and not suggestions[0].unclear and suggestions[-1].unclear


@pytest.mark.parametrize(("score", "unclear"), [(patterns.NO_CLEAR_PATTERN - 0.001, True),
                                                (patterns.NO_CLEAR_PATTERN, False)])
def test_a_suggestion_below_the_threshold_is_unclear(score, unclear):
    assert patterns.Suggestion("ruimte", "Ruimte", score, [], []).unclear is unclear
