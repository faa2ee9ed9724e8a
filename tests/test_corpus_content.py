"""The curated content meets the editorial rules the site and the model rely on."""

import re
from collections import Counter

import pytest

from storybank.exchange.k2 import HEADINGS
from storybank.templating import MAP_ICONS
from storybank.vocabulary import AUDIENCES, PLACES


def word_count(text):
    return len(re.findall(r"\w+", text))


def test_the_corpus_describes_the_ten_places_in_journey_order(corpus):
    assert tuple(p.slug for p in corpus.patterns) == PLACES


def test_the_map_landmarks_and_the_k2_headings_use_the_same_places():
    assert MAP_ICONS == set(PLACES)
    assert sorted(HEADINGS.values()) == sorted(PLACES)


def test_place_names_are_unique(corpus):
    names = [p.place_name for p in corpus.patterns]
    assert len(set(names)) == len(names)


def test_every_place_has_one_tip_per_audience(corpus):
    per_place = Counter((tip.pattern, tip.audience) for tip in corpus.tips)
    assert set(per_place) == {(slug, audience) for slug in PLACES for audience in AUDIENCES}
    assert set(per_place.values()) == {1}


def test_tips_are_40_to_120_words(corpus):
    lengths = {(t.pattern, t.audience): word_count(t.text) for t in corpus.tips}
    assert {key: n for key, n in lengths.items() if not 40 <= n <= 120} == {}


def test_tips_are_all_different(corpus):
    texts = [tip.text for tip in corpus.tips]
    assert len(set(texts)) == len(texts)


def test_at_least_80_stories(corpus):
    assert len(corpus.stories) >= 80


def test_stories_are_120_to_400_words(corpus):
    lengths = {s.slug: word_count(s.text) for s in corpus.stories}
    assert {slug: n for slug, n in lengths.items() if not 120 <= n <= 400} == {}


def test_each_story_has_one_or_two_patterns(corpus):
    assert {s.slug for s in corpus.stories if not 1 <= len(s.patterns) <= 2} == set()


@pytest.mark.parametrize("slug", PLACES)
def test_each_pattern_has_eight_stories_and_an_exemplary_one(corpus, slug):
    stories = [s for s in corpus.stories if slug in s.patterns]
    assert len(stories) >= 8
    assert any(slug in s.exemplary for s in stories)


def test_narrator_labels_follow_the_genre(corpus):
    assert [s.narrator_label for s in corpus.stories
            if not re.fullmatch(r"Een .+ vertelt", s.narrator_label)] == []


def test_narrators_are_varied(corpus):
    roles = Counter(s.narrator_role for s in corpus.stories)
    assert len(roles) >= 12
    assert roles.most_common(1)[0][1] <= len(corpus.stories) // 5


def test_story_titles_are_unique(corpus):
    titles = [s.title for s in corpus.stories]
    assert len(set(titles)) == len(titles)
