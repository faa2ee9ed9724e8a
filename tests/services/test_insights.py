"""storybank/services/insights.py: the counts behind /inzichten."""

from collections import Counter

import pytest

from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Story
from storybank.services import insights, patterns
from storybank.vocabulary import NARRATOR_ROLES


@pytest.fixture
def context(app):
    with app.app_context():
        yield


def test_stories_per_quarter_count_every_place_newest_quarter_first(context, corpus):
    grid = insights.stories_per_quarter()
    ordered = sorted(corpus.patterns, key=lambda p: p.journey_order)
    assert grid.rows == [p.name for p in ordered]
    quarters = sorted({(s.year, (s.month - 1) // 3 + 1) for s in corpus.stories}, reverse=True)
    assert grid.columns == [f"{year} K{quarter}" for year, quarter in quarters]
    counts = Counter((slug, s.year, (s.month - 1) // 3 + 1) for s in corpus.stories for slug in s.patterns)
    assert grid.values == [[counts[p.slug, y, q] for y, q in quarters] for p in ordered]
    assert grid.maximum == max(counts.values())


def test_roles_by_place_leave_out_roles_nobody_told_from(context, corpus):
    grid = insights.roles_by_pattern()
    told = Counter((s.narrator_role, slug) for s in corpus.stories for slug in s.patterns)
    roles = [r for r in NARRATOR_ROLES if any(told[r, p.slug] for p in corpus.patterns)]
    assert grid.rows == [NARRATOR_ROLES[r] for r in roles]
    ordered = sorted(corpus.patterns, key=lambda p: p.journey_order)
    assert grid.values == [[told[r, p.slug] for p in ordered] for r in roles]


def test_an_empty_grid_still_has_a_maximum_to_draw_with():
    assert insights.Grid([], [], []).maximum == 1


def test_agreement_counts_teller_choices_against_the_models_top_three(context):
    with curated():  # fixture rows, not typed text
        for slug, places, status in (("formulieren", ["stroperigheid"], "submitted"),
                                     ("nog-meer-formulieren", ["stroperigheid", "ruimte"], "published"),
                                     ("afgewezen", ["stroperigheid"], "rejected")):
            db.session.add(Story(slug=slug, title="Formulieren", narrator_label="Een ouder vertelt",
                                 narrator_role="ouder", month=1, year=2025, status=status, source="form",
                                 teller_places=places,
                                 text="De formulieren, de regels en het wachten op een beschikking duurden "
                                      "maanden. " * 3))
        db.session.commit()
    assert insights.teller_model_agreement() == []  # no model yet
    patterns.train()
    agreement = {a.pattern: a for a in insights.teller_model_agreement()}
    stroperigheid = agreement["Stroperigheid"]
    assert (stroperigheid.chosen, stroperigheid.agreed, stroperigheid.share) == (2, 2, 1.0)  # the rejected one not
    assert set(agreement) == {"Stroperigheid", "Transformatieruimte"}  # only places a teller chose
    assert agreement["Transformatieruimte"].chosen == 1
    assert insights.Agreement("x", 0, 0).share == 0.0
