"""Dutch text analysis for the search index.

Words are split on anything that is not a letter or digit (so "jeugd-hulp" and
"ouder's" split the way Dutch readers expect), lowercased, folded to plain
letters by ``nlp.dutch.fold`` ("financiën" = "financien", "Søren" = "soren"), stripped of Dutch
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
from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import TEXT
from whoosh.lang import stopwords_for_language

from nlp.dutch import fold  # the one accent folding: index, queries and suggestions
from nlp.findability import findability

# A word with the combining accents inside it: text in decomposed form (NFD: "e" + U+0308 for
# "ë", as some systems paste it) is one word, not "financie" and "n". Offsets stay the text's own.
COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_PATTERN = rf"\w[\w{COMBINING}]*"

DUTCH_STOP_WORDS = frozenset(fold(word) for word in stopwords_for_language("nl"))


class FoldFilter(Filter):
    """Each word lowercased and folded by ``nlp.dutch.fold`` ("Søren" -> "soren")."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def _folded_words():
    """Words, lowercased, accents off: where both analyzers start."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter()


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


def folds_with_dutch_fold(analyzer) -> bool:
    """Whether an analyzer folds with ``nlp.dutch.fold`` (an index made before it folded with
    Whoosh's accent_map, which kept "ß" as "s" and "æ" as it is: such an index is rebuilt)."""
    return any(isinstance(item, FoldFilter) for item in getattr(analyzer, "items", ()))


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
