"""storybank/services/tips.py: one audience's tips along the journey."""

import pytest

from storybank.services.tips import tips_for_audience


@pytest.mark.parametrize("audience", ["professionals", "coordinatoren", "ketenpartners", "gemeenten"])
def test_every_place_gives_one_tip_to_each_audience_in_journey_order(app, corpus, audience):
    with app.app_context():
        tips = tips_for_audience(audience)
        assert [tip.pattern.slug for tip in tips] == [p.slug for p in sorted(corpus.patterns,
                                                                              key=lambda p: p.journey_order)]
        assert {tip.audience for tip in tips} == {audience}
        written = {(t.pattern, t.text) for t in corpus.tips if t.audience == audience}
        assert {(tip.pattern.slug, tip.text) for tip in tips} == written


def test_an_unknown_audience_has_no_tips(app):
    with app.app_context():
        assert tips_for_audience("wethouders") == []
