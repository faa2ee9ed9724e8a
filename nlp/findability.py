"""Dutch word families and compounds for search: what Snowball stemming cannot join.

A reader who types "inkoop" expects the stories told by inkopers, and "financiën"
should find "financiering" and "financiële zaken". Stemming joins inflections only.
This module adds, for a word (lowercase, accents off):

* **bases** from derivation: the family's base word from our table
  (``data/derivations.txt``: "inkoper" -> "inkoop"), or by rule, checked against
  the Dutch words wordfreq knows: an agent noun to its verb ("leider" -> "leiden"),
  -atie to -eren ("participatie" -> "participeren"), -heid, -schap and diminutives
  to their word ("veiligheid" -> "veilig", "lijstje" -> "lijst");
* **parts** of a compound, split into known words when the parts are on average
  more common than the whole (Koehn and Knight's criterion, with wordfreq's Zipf
  frequencies): "jeugdhulpaanbieder" -> "jeugdhulp", "jeugd", "hulp",
  "aanbieder"; "beleidsmedewerker" -> "beleid", "medewerker"; but "medewerker"
  stays whole, being more common than "mede" and "werker" together.

The index holds a text's words plus their bases and parts; a query word also asks
for its bases (not its parts: "inkoopafdeling" should not find every "afdeling").
Both search backends use this, so they find the same things. No Flask here.
"""

from __future__ import annotations

import math
import re
import threading
from functools import lru_cache
from pathlib import Path

from .dutch import fold, stem_word

DATA = Path(__file__).resolve().parent / "data"
MIN_PART = 4  # shorter pieces are too often prefixes or endings ("ver", "aan", "eren")
MIN_COMPOUND = 8
KNOWN_ZIPF = 2.0  # a word wordfreq has seen about once in ten million words
PART_ZIPF = 2.5  # a compound's parts must be somewhat more common
VERB_ZIPF = 2.5
COMMON_ZIPF = 3.0  # two pieces this common are split off even from a common compound
# Separable particles and prefixes: as the first piece they make derivations, not compounds
# ("overleg", "onderzoek", "samenwerking", "uitvoering").
PARTICLES = frozenset("""aan achter af bij binnen boven buiten door her mede mee mis na om on onder ont op
over samen tegen terug toe uit ver voor vooruit weg weder weer""".split())
# Short words that turn up inside compounds without being one of its parts ("leerplichtambte-naar").
FUNCTION_WORDS = frozenset("""naar erop eraan erin ervan erbij eruit ermee ertoe daar hier waar want maar
zelf zelfs alle alles niets iets ooit nooit veel meer minder meest echt heel hele vaak soms later eerder
deze dit dat die zijn haar hun ons onze jullie wordt werd worden heeft hebben hadden kunnen moeten
""".split())
# Endings that are words too ("eren", "heid") but never the head of a compound.
NOT_HEADS = frozenset("eren heid heden ling lingen lijk lijke schap schappen achtig baar isch ische ster sters "
                      "tjes ende enden atie aties eerd eerde".split())
AGENT_ENDINGS = ("ster", "sters", "ers", "er", "aars", "aar")
WORD_ENDINGS = (("heid", ""), ("heden", ""), ("schap", ""), ("tje", ""), ("tjes", ""), ("je", ""), ("jes", ""),
                ("pje", ""), ("pjes", ""))


_WORD = re.compile(r"[^\W\d_]+")


class Findability:
    """Bases and compound parts of Dutch words. Load once (about a second): use ``findability()``."""

    def __init__(self, families: dict[str, list[str]] | None = None, zipf: dict[str, float] | None = None):
        self.zipf = _word_frequencies() if zipf is None else zipf  # folded word -> Zipf frequency
        self.bases_by_stem: dict[str, set[str]] = {}
        self.members: dict[str, tuple[str, ...]] = {}
        for base, members in (_families() if families is None else families).items():
            self.members[base] = tuple(members)
            for member in (base, *members):
                self.zipf.setdefault(member, KNOWN_ZIPF)
                self.bases_by_stem.setdefault(stem_word(member), set()).add(base)
        self.bases = lru_cache(maxsize=200_000)(self._bases)
        self.parts = lru_cache(maxsize=200_000)(self._parts)
        self._split = lru_cache(maxsize=200_000)(self._split_uncached)

    def known(self, word: str, zipf: float = KNOWN_ZIPF) -> bool:
        return self.zipf.get(word, 0.0) >= zipf

    # -- derivation --------------------------------------------------------------------

    def _bases(self, word: str) -> tuple[str, ...]:
        """Base words of ``word``'s family (never one that stems like the word itself)."""
        stem = stem_word(word)
        found = set(self.bases_by_stem.get(stem, ())) | set(self._rule_bases(word))
        return tuple(sorted(base for base in found if stem_word(base) != stem))

    def _rule_bases(self, word: str):
        for ending in AGENT_ENDINGS:  # inkoper -> inkopen, leider -> leiden, begeleider -> begeleiden
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= MIN_PART:
                if self.known(stem + "en", VERB_ZIPF):
                    yield stem + "en"
                break
        if word.endswith(("atie", "aties")) and len(word) > 8:  # participatie -> participeren
            verb = word[: word.rindex("atie")] + "eren"
            if self.known(verb):
                yield verb
        for ending, replacement in WORD_ENDINGS:  # veiligheid -> veilig, lijstje -> lijst
            base = word[: -len(ending)] + replacement
            if word.endswith(ending) and len(base) >= MIN_PART and self.known(base, PART_ZIPF):
                yield base
                break

    # -- compounds -----------------------------------------------------------------------

    def _parts(self, word: str, top: bool = True) -> tuple[str, ...]:
        """Known words a compound is made of, at every level (never the word itself)."""
        split = self._split(word, top=top) if len(word) >= MIN_COMPOUND else None
        if split is None:
            return ()
        modifier, head = split
        found = [modifier, head, *self._parts(modifier, top=False), *self._parts(head, top=False)]
        return tuple(dict.fromkeys(p for p in found if p != word))

    def _split_uncached(self, word: str, *, top: bool = False) -> tuple[str, str] | None:
        """The best split into a known word or compound and a known head (Dutch compounds end in
        their head: [[jeugd hulp] aanbieder]); best is the split whose rarer piece is most common.
        It counts when its pieces are on average more common than the whole word or, for the
        word itself (not its pieces), when both are common words on their own ("arbeidsmarkt")."""
        best, best_score = None, 0.0
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if head in NOT_HEADS or head in FUNCTION_WORDS or not self.known(head, PART_ZIPF):
                continue
            modifier = self._modifier(word[:cut])
            if modifier:
                score = min(self._score(modifier), self.zipf[head])
                if score > best_score:
                    best, best_score = (modifier, head), score
        if best is None:
            return None
        left, right = self._score(best[0]), self.zipf[best[1]]
        whole = self.zipf.get(word, 0.0)
        plain = best[0] in self.zipf
        if (left + right) / 2 > whole or (top and plain and min(left, right) >= COMMON_ZIPF):
            return best
        return None

    def _score(self, piece: str) -> float:
        """How common a piece is; a piece that is itself a compound counts as its rarer half."""
        if piece in self.zipf:
            return self.zipf[piece]
        split = self._split(piece)
        return min(self._score(split[0]), self.zipf[split[1]]) if split else 0.0

    def _modifier(self, piece: str) -> str | None:
        """The word a compound's first piece stands for, allowing the linking -s- and -e(n)-."""
        for candidate in (piece[:-1] if piece.endswith(("s", "e")) else None,
                          piece[:-2] if piece.endswith("en") else None, piece):
            if not candidate or len(candidate) < MIN_PART or candidate in PARTICLES or candidate in FUNCTION_WORDS:
                continue
            if self.known(candidate, PART_ZIPF) or (len(candidate) >= MIN_COMPOUND and self._split(candidate)):
                return candidate
        return None

    # -- for search --------------------------------------------------------------------------

    def index_words(self, word: str) -> tuple[str, ...]:
        """Extra words the index should hold for ``word``: its bases, its parts and theirs."""
        word = fold(word)
        extra = list(self.bases(word))
        for part in self.parts(word):
            extra += [part, *self.bases(part)]
        return tuple(dict.fromkeys(w for w in extra if w != word))

    def query_words(self, word: str) -> tuple[str, ...]:
        """Extra words a query for ``word`` also asks for: its bases."""
        return self.bases(fold(word))

    def family(self, word: str) -> tuple[str, ...]:
        """The listed members of the families ``word`` belongs to (for marking them in snippets)."""
        word = fold(word)
        found = [member for base in (word, *self.query_words(word)) for member in (base, *self.members.get(base, ()))]
        return tuple(dict.fromkeys(w for w in found if w != word))

    def text_words(self, text: str, stop_words=frozenset()) -> list[str]:
        """The extra words a whole text brings to an index (each once): for a search column."""
        extra: dict[str, None] = {}
        for word in dict.fromkeys(_WORD.findall(fold(text))):
            if len(word) > 2 and word not in stop_words:
                extra.update(dict.fromkeys(self.index_words(word)))
        return list(extra)


def _families() -> dict[str, list[str]]:
    families = {}
    for line in (DATA / "derivations.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            base, _, members = line.partition(":")
            families[fold(base.strip())] = [fold(m) for m in members.split()]
    return families


def _word_frequencies() -> dict[str, float]:
    """wordfreq's Dutch words (accents folded) that it has seen often enough to trust, as Zipf values."""
    from wordfreq import get_frequency_dict

    known: dict[str, float] = {}
    for word, frequency in get_frequency_dict("nl").items():
        zipf = math.log10(frequency) + 9  # wordfreq's Zipf scale: 3 is once per million words
        if zipf < KNOWN_ZIPF:
            break  # the dictionary comes most common first
        folded = fold(word)
        if folded.isalpha() and zipf > known.get(folded, 0.0):
            known[folded] = round(zipf, 2)
    return known


_instance: Findability | None = None
_lock = threading.Lock()


def findability() -> Findability:
    global _instance
    with _lock:
        if _instance is None:
            _instance = Findability()
        return _instance
