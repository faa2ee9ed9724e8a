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


# -- one accent folding (nlp.dutch.fold) for the index, queries, word families and addresses ---------------

FOLDED = [
    ("Søren", "soren"), ("ØRESUND", "oresund"), ("Ærø", "aero"), ("Straße", "strasse"), ("Łódź", "lodz"),
    ("financiën", "financien"), ("José", "jose"), ("Jose\u0301", "jose"), ("Œuvre", "oeuvre"),
    ("Đorđe", "dorde"), ("Þórður", "thordur"), ("Kırıkkale", "kirikkale"), ("İstanbul", "istanbul"),
    ("Ĳsselmeer", "ijsselmeer"), ("creëren", "creeren"),
]


@pytest.mark.parametrize(("word", "folded"), FOLDED)
def test_the_former_three_foldings_agree(word, folded):
    """nlp.dutch.fold, the search's fold and analyzers and nlp.findability fold alike (they were three)."""
    from nlp import dutch, findability
    from storybank.search import analysis
    from storybank.services.addresses import slug_base

    assert dutch.fold(word) == folded
    assert analysis.fold(word) == findability.fold(word) == folded
    assert [t.text for t in vocabulary_analyzer()(word)] == [folded]
    assert terms(word) == terms(folded)
    assert slug_base(word) == folded


def test_nfc_and_nfd_spellings_are_one_word():
    import unicodedata

    for word in ("José", "financiën", "Łódź", "Ærø"):
        assert terms(unicodedata.normalize("NFC", word)) == terms(unicodedata.normalize("NFD", word))


def test_an_index_built_with_the_old_folding_is_rebuilt(tmp_path, monkeypatch):
    """Whoosh keeps its analyzers in the index: one folding with accent_map would go on folding
    "Straße" as "strase" for every document and query, so it does not count as healthy."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
    from whoosh.support.charset import accent_map

    from storybank.search import analysis, index
    from storybank.search.whoosh_backend import WhooshBackend

    def build(path):
        index.SearchIndex(path).rebuild(iter([]), lambda: {}, lambda keys: ([], []))
        return WhooshBackend(path)

    assert build(tmp_path / "nu").healthy()
    monkeypatch.setattr(analysis, "_folded_words",
                        lambda: RegexTokenizer(analysis.WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map))
    assert not build(tmp_path / "vroeger").healthy()
