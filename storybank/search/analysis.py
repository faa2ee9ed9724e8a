"""Dutch text analysis for the search index.

Words are split on anything that is not a letter or digit (so "jeugd-hulp" and
"ouder's" split the way Dutch readers expect), lowercased, folded to plain
letters ("financiën" = "financien", "creëren" = "creeren"), stripped of Dutch
stop words and reduced with the Snowball Dutch stemmer ("gemeenten" and
"gemeente" meet in "gemeent"). Folding happens before stemming so that both
spellings reach the stemmer identically.

Before stemming, each word also brings its Dutch family and compound parts
(nlp/findability.py) at its own position: in the index its bases and parts
("inkoper" also as "inkoop", "inkoopafdeling" also as "inkoop" and "afdeling"),
in a query its bases only. ``DutchText`` turns the words at one position into
alternatives, so "financiering" asks for "financiering" or "financiën".
"""

from whoosh import query as Q
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import TEXT
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from nlp.findability import findability

WORD_PATTERN = r"\w+"


def fold(text: str) -> str:
    """Lowercase and strip accents, as the index does."""
    return text.lower().translate(accent_map)


DUTCH_STOP_WORDS = frozenset(fold(word) for word in stopwords_for_language("nl"))


def _folded_words():
    """Words, lowercased, accents off: where both analyzers start."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


class FamilyFilter(Filter):
    """Each word, then its family's bases and (when indexing) its compound parts, at its position.

    ``enabled`` is kept in the index's schema, so that an index built without the
    expansion (for the before/after measurement) is also queried without it.
    """

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    def __call__(self, tokens):
        words = findability() if self.enabled else None
        for token in tokens:
            word = token.text
            yield token  # later filters (the stemmer) change token.text in place
            if words is None:
                continue
            extra = words.index_words(word) if token.mode == "index" else words.query_words(word)
            for other in extra:
                token.text = other
                yield token


def dutch_analyzer(derivation: bool = True):
    return (
        _folded_words()
        | StopFilter(stoplist=DUTCH_STOP_WORDS, minsize=2)
        | FamilyFilter(derivation)
        | StemFilter(lang="nl", cachesize=100_000)
    )


def derivation_of(analyzer) -> bool | None:
    """Whether an analyzer adds families and compound parts (None: made before it could)."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, FamilyFilter):
            return item.enabled
    return None


class DutchText(TEXT):
    """A text field whose query words are read position by position: the words the analyzer
    gives at one position are alternatives (a word or its family's base), and every
    position must match (the parts of "jeugd-hulp")."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname, qstring, boost=1.0):
        positions: dict[int, list[str]] = {}
        for token in self.analyzer(qstring, mode="query", positions=True, removestops=True):
            alternatives = positions.setdefault(token.pos, [])
            if token.text not in alternatives:
                alternatives.append(token.text)
        parts = [Q.Term(fieldname, texts[0], boost=boost) if len(texts) == 1
                 else Q.Or([Q.Term(fieldname, text, boost=boost) for text in texts])
                 for texts in positions.values()]
        if not parts:
            return Q.NullQuery
        return parts[0] if len(parts) == 1 else Q.And(parts)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        return None


def vocabulary_analyzer():
    """Unstemmed words: the vocabulary that 'Bedoelde u ...?' suggests from."""
    return _folded_words() | StopFilter(stoplist=DUTCH_STOP_WORDS, minsize=3)
