"""Dutch text analysis for the search index.

Words are split on anything that is not a letter or digit (so "jeugd-hulp" and
"ouder's" split the way Dutch readers expect), lowercased, folded to plain
letters ("financiën" = "financien", "creëren" = "creeren"), stripped of Dutch
stop words and reduced with the Snowball Dutch stemmer ("gemeenten" and
"gemeente" meet in "gemeent"). Folding happens before stemming so that both
spellings reach the stemmer identically.
"""

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

WORD_PATTERN = r"\w+"


def fold(text: str) -> str:
    """Lowercase and strip accents, as the index does."""
    return text.lower().translate(accent_map)


DUTCH_STOP_WORDS = frozenset(fold(word) for word in stopwords_for_language("nl"))


def _folded_words():
    """Words, lowercased, accents off: where both analyzers start."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def dutch_analyzer():
    return (
        _folded_words()
        | StopFilter(stoplist=DUTCH_STOP_WORDS, minsize=2)
        | StemFilter(lang="nl", cachesize=100_000)
    )


def vocabulary_analyzer():
    """Unstemmed words: the vocabulary that 'Bedoelde u ...?' suggests from."""
    return _folded_words() | StopFilter(stoplist=DUTCH_STOP_WORDS, minsize=3)
