"""One person, one placeholder: what to do with the name spans once they are found.

deduce swallows role words into names ("collega Joost") and takes ordinary
words for names at a sentence start; a name found once must be replaced
everywhere; a first name and a surname found apart are one person; and the
same person keeps one number throughout a story ("[persoon 1]").
"""

from __future__ import annotations

import re

import regex

from . import lexicon
from .identifiers import Span
from .names import NOT_NAMES, PREFIXES, TOKEN, _base, _capitalised, _initial_then_word, _sentence_initial

POSSESSIVE = regex.compile(r"['’]s(?!\p{L})")

ROLE_WORDS = (
    "mevrouw|meneer|mevr\\.|mw\\.|dhr\\.|de heer|juf|juffrouw|meester|dokter|dr\\.|wethouder|burgemeester|"
    "collega|directeur|teamleider|manager|buurvrouw|buurman|moeder|vader|oma|opa|zoon|dochter|tante|oom|"
    "zus|broer|neef|nicht|mentor|huisarts|consulent|gezinscoach|jongere|cliënt|client|mijn|onze|zijn|haar|"
    "hun|ene|een|zei|met|van|aan|voor|bij|door|en|of|dat|toen|want|maar|heeft|had|is|was|belde|mailde|vroeg"
)
ROLE_PREFIX = re.compile(rf"^(?:(?:{ROLE_WORDS})\s+)+", re.I)

# Surnames that are also ordinary Dutch words: alone, without a title or first
# name, they are read as the word ("Bos en heide", "een visser").
WORD_SURNAMES = {"bos", "jong", "visser", "smit", "bakker", "mulder", "boer", "koster", "molenaar", "schipper",
                 "brouwer", "kok", "koning", "kuiper", "dekker", "timmerman", "schouten", "vos", "wolf", "haan",
                 "groot", "klein", "lange", "zwart", "wit", "bruin", "berg", "veen", "dijk", "beek", "meer", "hoek",
                 "zomer", "winter"}


def trim_person(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Give back the role words deduce swallowed ("collega Joost" -> "Joost")."""
    piece = text[start:end]
    prefix = ROLE_PREFIX.match(piece)
    if prefix:
        start += prefix.end()
        piece = text[start:end]
    if not piece or not piece[0].isupper():
        return None
    if piece.lower() in NOT_NAMES or _initial_then_word(piece):
        return None
    return start, end


PLACEHOLDER_NUMBER = re.compile(r"\[persoon (\d+)\]")


class PersonNumbering:
    """The same person gets the same number throughout one story.

    "Joost de Vries" and later "De Vries" or "Joost" count as one person.
    """

    def __init__(self, *, after: int = 0) -> None:
        self._people: list[tuple[set[str], int]] = []
        self._after = after  # numbers already used by placeholders in the story

    @classmethod
    def after_placeholders(cls, *texts: str) -> PersonNumbering:
        """Numbering that continues after the highest ``[persoon N]`` already in these texts, so a
        name typed into an anonymised story never takes the number of another person."""
        used = [int(n) for text in texts for n in PLACEHOLDER_NUMBER.findall(text or "")]
        return cls(after=max(used, default=0))

    def number(self, name: str) -> int:
        words = {_base(w).lower().strip(".") for w in re.findall(r"[\w'’-]+\.?", name)}
        key_words = {w for w in words if len(w) > 2 and w not in {"van", "der", "den"}} or words
        for known, number in self._people:
            if key_words <= known or known <= key_words:
                known |= key_words
                return number
        self._people.append((set(key_words), self._after + len(self._people) + 1))
        return self._after + len(self._people)


def drop_word_surnames(text: str, spans: list[Span]) -> list[Span]:
    """Drop a lone word-surname that deduce took for a person, unless the same
    word is part of a name elsewhere in the text ("mevrouw Bos ... Bos zei")."""
    names = [text[s.start:s.end].lower() for s in spans if s.kind == "persoon"]

    def ordinary(span: Span) -> bool:
        word = text[span.start:span.end].lower()
        return (span.kind == "persoon" and span.priority < 2 and " " not in word
                and word in WORD_SURNAMES and not any(word in name and name != word for name in names))

    return [span for span in spans if not ordinary(span)]

def drop_ordinary_words(text: str, spans: list[Span]) -> list[Span]:
    """Drop a lone word deduce took for a name at a sentence start when it is an ordinary
    Dutch word ("Zomer zonder vangnet"), unless the word is part of a longer name elsewhere."""
    names = [text[s.start:s.end].lower() for s in spans if s.kind == "persoon"]

    def ordinary(span: Span) -> bool:
        word = text[span.start:span.end]
        code = lexicon.name_code(word)
        word_like = (code is not None and code[0] == "A" and (code[1] == "L" or lexicon.zipf(word) >= 4.5)
                     or code is None and lexicon.zipf(word) >= 4.0)  # "Zomer", not "Mohammed"
        return (span.kind == "persoon" and span.priority < 2 and " " not in word and _sentence_initial(text, span.start)
                and word_like
                and not any(word.lower() in name and name != word.lower() for name in names))

    return [span for span in drop_word_surnames(text, spans) if not ordinary(span)]


_HANDLE_PART = re.compile(r"[a-zà-ÿ]{3,}", re.I)
_KEEP_WORDS = {"info", "contact", "mail", "post", "office", "team", "admin", "the", "official", "real", "wijkteam"}


def propagate(text: str, spans: list[Span]) -> list[Span]:
    """A name found once is replaced everywhere in the text: other occurrences of its words,
    and words of a handle or e-mail address that also stand in the text as a word."""
    taken = [(s.start, s.end) for s in spans]
    words = set()
    for span in spans:
        if span.kind == "persoon":
            words |= {_base(m.group()).lower() for m in TOKEN.finditer(text[span.start:span.end])}
        elif span.kind in ("handle", "e-mail"):
            local = text[span.start:span.end].split("@")[0 if span.kind == "e-mail" else -1]  # a handle may lack the @
            words |= {part.lower() for part in _HANDLE_PART.findall(local)
                      if not lexicon.is_dutch_word(part) and part.lower() not in _KEEP_WORDS}
    words = {w for w in words if len(w) >= 3 and w not in PREFIXES and w not in NOT_NAMES}
    added = []
    for match in TOKEN.finditer(text):
        base = _base(match.group()).lower()
        if base not in words or any(a < match.end() and match.start() < b for a, b in taken):
            continue
        if not _capitalised(match.group()) and not lexicon.is_listed_name(base) and lexicon.is_dutch_word(base):
            continue  # "Roos" was a name; "een roos" is still a flower
        added.append(Span("persoon", match.start(), match.end(), 1))
    return spans + added


def unite_overlapping(spans: list[Span]) -> list[Span]:
    """Overlapping person spans become their union: deduce's 'Noud Zwijsen' and a cue's 'Noud' are one name."""
    people = sorted((s for s in spans if s.kind == "persoon"), key=lambda s: s.start)
    united: list[Span] = []
    for span in people:
        if united and span.start < united[-1].end:
            last = united[-1]
            united[-1] = Span("persoon", last.start, max(last.end, span.end), max(last.priority, span.priority))
        else:
            united.append(span)
    return [s for s in spans if s.kind != "persoon"] + united


def merge_adjacent(text: str, spans: list[Span]) -> list[Span]:
    """'Kasia' + 'Nowak' found apart are one person: one placeholder, one number."""
    merged: list[Span] = []
    for span in spans:
        possessive = POSSESSIVE.match(text, span.end)
        if span.kind == "persoon" and possessive:  # "Kevin's fiets": the 's would point at the name
            span = Span(span.kind, span.start, possessive.end(), span.priority)
        previous = merged[-1] if merged else None
        if previous and previous.kind == span.kind == "persoon" and _only_prefixes(text[previous.end:span.start]):
            merged[-1] = Span("persoon", previous.start, span.end, max(previous.priority, span.priority))
        else:
            merged.append(span)
    return merged


def _only_prefixes(gap: str) -> bool:
    """Spaces, or spaces around surname prefixes ('van der'): no comma, no 'en', no line break."""
    return bool(re.fullmatch(r"[ \t]+(?:\S+[ \t]+)*", gap)) and all(w.lower() in PREFIXES for w in gap.split())
