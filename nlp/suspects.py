"""The safety net: words in an anonymised text that look like names but were not replaced.

No list knows every name. After anonymisation, a word is a suspect when it is

- capitalised mid-sentence and no Dutch word (or a name that is also a word,
  like "Storm"), or capitalised at a sentence start and unknown in Dutch;
- lowercase in a name position ("met shurandy", "mijn zoon dewayne") and
  unknown in Dutch.

The teller sees them marked "is dit een naam?" in the preview and can replace
each with one click; the adviser sees the same marks. Suspects are computed
from the anonymised text alone, so nothing raw is needed to show them.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from . import lexicon
from .names import CUE_NAMING, CUE_ROLE, CUE_SELF, CUE_WITH, NOT_NAMES, PREFIXES, TOKEN, _base, _sentence_initial
from .quasi import NATIONALITIES

PLACEHOLDER = regex.compile(r"\[[^\[\]]{1,40}\]")
UNKNOWN_CAPITALISED, UNKNOWN_LOWERCASE, UNKNOWN_AT_START = 3.0, 2.0, 1.5
MAX_NAME_LENGTH = 12
# Capitalised words of institutions ("Bureau Jeugdzorg", "Veilig Thuis", "Raad voor de Kinderbescherming").
INSTITUTION_WORDS = {"bureau", "veilig", "thuis", "raad", "centrum", "stichting", "team", "wijkteam", "loket",
                     "huis", "zorg", "jeugd", "gemeente", "provincie", "rijk", "ministerie", "kinderbescherming"}


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    word: str


def find_suspects(text: str, findings=()) -> list[Suspect]:
    """Suspects in an anonymised ``text``; ``findings`` (with start/end) are skipped."""
    taken = [(f.start, f.end) for f in findings] + [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    cue_ends = {m.end() for pattern in (CUE_NAMING, CUE_SELF, CUE_ROLE, CUE_WITH)
                for m in pattern.finditer(text, overlapped=True)}
    suspects = []
    for match in TOKEN.finditer(text):
        token, start = match.group(), match.start()
        if any(a <= start < b for a, b in taken) or len(token) < 2 or token.isupper():
            continue
        if _suspicious(token, _base(token), initial=_sentence_initial(text, start), after_cue=start in cue_ends):
            suspects.append(Suspect(start, match.end(), token))
    return suspects


def _suspicious(token: str, base: str, *, initial: bool, after_cue: bool) -> bool:
    word = base.lower()
    if word in NOT_NAMES or word in PREFIXES or word in NATIONALITIES or word in INSTITUTION_WORDS:
        return False
    code, zipf = lexicon.name_code(base), lexicon.zipf(base)
    if code is None and (len(base) > MAX_NAME_LENGTH or _compound_of_words(base)):
        return False  # "Hulpverleningsplannen", "Wmo-consulenten": Dutch compounds, not names
    if token[0].isupper():
        if initial:
            return code is None and zipf < UNKNOWN_AT_START
        return (code is not None and code[0] == "N") or (code is not None and lexicon.can_be_first_name(base)
                                                          and zipf < 5.0) or (code is None and zipf < UNKNOWN_CAPITALISED)
    return after_cue and (code is None or code[0] == "N") and zipf < UNKNOWN_LOWERCASE


def _compound_of_words(word: str) -> bool:
    parts = [p for p in regex.split(r"[-'’]", word) if p]
    return len(parts) > 1 and all(lexicon.zipf(p) >= UNKNOWN_CAPITALISED or p.isupper() for p in parts)
