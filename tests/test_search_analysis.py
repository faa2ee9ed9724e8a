"""The Dutch analyzer: the forms people type meet the forms people wrote."""

import pytest

from storybank.search.analysis import dutch_analyzer, vocabulary_analyzer


def terms(text):
    return [token.text for token in dutch_analyzer()(text)]


@pytest.mark.parametrize(("typed", "written"), [
    ("gemeente", "gemeenten"),
    ("regel", "regels"),
    ("aanbieder", "aanbieders"),
    ("financien", "financiën"),
    ("creeren", "creëren"),
    ("jongere", "jongeren"),
    ("Jeugdhulp", "jeugdhulp"),
])
def test_inflected_and_accentless_forms_meet(typed, written):
    assert terms(typed) == terms(written) and terms(typed)


@pytest.mark.parametrize(("text", "expected"), [
    ("jeugd-hulp", ["jeugd", "hulp"]),
    ("ouder's", ["ouder"]),
])
def test_hyphens_and_apostrophes_split_words(text, expected):
    assert terms(text) == expected


def test_dutch_stop_words_are_dropped():
    assert terms("de gemeente en het jeugdteam") == terms("gemeente jeugdteam")


def test_vocabulary_keeps_whole_words_for_suggestions():
    assert [t.text for t in vocabulary_analyzer()("De Gemeenten en financiën")] == ["gemeenten", "financien"]
