"""Dutch text processing for pattern mining: spaCy tokens and lemmas, normalised.

There is no trained Dutch spaCy pipeline on PyPI, so this is ``spacy.blank("nl")``
with the lookup lemmatizer from spacy-lookups-data (nothing is downloaded).
Its lemmas are incomplete ("gemeenten" stays plural), so every lemma also goes
through the Snowball Dutch stemmer (``snowballstemmer``'s "dutch_porter", the
classic Snowball Dutch algorithm: the same stems Whoosh's copy of it gives, so
the model does not depend on the search library). Spoken-language filler and stop words
(Dutch and our domain's) are dropped: they say how someone talks, not what
the story is about.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter

import snowballstemmer

FILLER = {
    "eh", "ehm", "uh", "uhm", "nou", "ja", "nee", "hoor", "gewoon", "eigenlijk", "echt", "natuurlijk", "zeg",
    "maar", "even", "toch", "wel", "dus", "zo", "heel", "best", "beetje", "weet", "ineens", "ook", "nog",
    "gaan", "komen", "zitten", "staan", "zeggen", "denken", "vinden", "zien", "merken", "horen", "krijgen",
    "moeten", "willen", "kunnen", "mogen", "laten", "doen", "maken", "hebben", "zijn", "worden", "vertellen",
    "keer", "ding", "dingen",
    "iets", "iemand", "niets", "niks", "iedereen", "allemaal", "alles", "soms", "vaak", "altijd", "nooit",
}
DOMAIN_STOP_WORDS = {"verhaal", "vertelt", "vertel", "jaar", "maand", "week", "dag", "tijd", "persoon"}
# Counting words say how much, not what about; as reasons ("drie") they tell an adviser nothing.
NUMBER_WORDS = {
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "twintig",
    "dertig", "veertig", "vijftig", "honderd", "duizend", "eerste", "tweede", "derde", "vierde", "vijfde",
    "half", "helft",
}
_TOKEN = re.compile(r"^[a-z][a-z'-]*[a-z]$")


# A snowballstemmer object keeps the word it works on in itself: one per thread.
_stemmers = threading.local()


def stem_word(word: str) -> str:
    """The Snowball Dutch stem of one lowercase word ("gemeenten" -> "gemeent")."""
    stemmer = getattr(_stemmers, "dutch", None)
    if stemmer is None:
        stemmer = _stemmers.dutch = snowballstemmer.stemmer("dutch_porter")
    return stemmer.stemWord(word)


# Letters that Unicode does not decompose into a plain letter and an accent, spelled as a
# reader without the key types them ("Søren" as "Soren", "Straße" as "Strasse"). Lowercase
# only: ``fold`` lowercases first, so Ø, Æ, Œ, Ł, Đ, Ð, Þ and ẞ come here as ø, æ, œ, ł, đ, ð, þ, ß.
# İ needs no entry: lowercased and decomposed it is "i" plus a combining dot.
UNDECOMPOSED = str.maketrans({
    "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "ħ": "h", "ŧ": "t",
})


def fold(text: str) -> str:
    """Lowercase, accents off: "financiën" and "financien" are one word, "Søren" is "soren".

    The one accent folding of Storybank: the search index (both backends), the word
    families of ``findability``, the pattern model's terms and story addresses use it."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).translate(
        UNDECOMPOSED)


class DutchProcessor:
    """Turns texts into lists of normalised terms. Load once: spaCy takes a second."""

    def __init__(self) -> None:
        import spacy
        from spacy.lang.nl.stop_words import STOP_WORDS

        self.nlp = spacy.blank("nl")
        self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        self.stop_words = {fold(w) for w in STOP_WORDS} | FILLER | DOMAIN_STOP_WORDS | NUMBER_WORDS
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = stem_word(word)
        return stem

    def terms(self, texts, *, batch_size: int = 64) -> list[list[str]]:
        return [[term for term, _ in pairs] for pairs in self._terms_with_words(texts, batch_size)]

    def surface_forms(self, text: str) -> dict[str, str]:
        """Each term of the text mapped back to the word the teller wrote most often for it
        ("bell" to "belde"), so that reasons shown to people read as Dutch."""
        forms: dict[str, Counter] = {}
        for term, word in self._terms_with_words([text], 64)[0]:
            forms.setdefault(term, Counter())[word.lower()] += 1
        return {term: counter.most_common(1)[0][0] for term, counter in forms.items()}

    def _terms_with_words(self, texts, batch_size: int) -> list[list[tuple[str, str]]]:
        result = []
        for doc in self.nlp.pipe((str(t) for t in texts), batch_size=batch_size):
            pairs = []
            for token in doc:
                lemma = fold(token.lemma_ or token.text)
                if len(lemma) < 3 or lemma in self.stop_words or not _TOKEN.match(lemma):
                    continue
                stem = self.stem(lemma)
                if stem not in self.stop_words:
                    pairs.append((stem, token.text))
            result.append(pairs)
        return result

    def sentences(self, text: str) -> list[str]:
        """Sentences, split on end punctuation: enough for picking a reason to show."""
        return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 4]


_processor: DutchProcessor | None = None
_lock = threading.Lock()


def processor() -> DutchProcessor:
    global _processor
    with _lock:
        if _processor is None:
            _processor = DutchProcessor()
        return _processor
