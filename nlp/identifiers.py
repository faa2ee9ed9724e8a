"""Our own rules for Dutch identifiers: the patterns deduce misses or cuts wrongly.

Every rule returns ``Span`` objects over the original text; ``resolve_overlaps``
keeps the best of overlapping spans (structured identifiers beat names, longer
beats shorter) so the anonymiser can rewrite the text in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

DEDUCE_KINDS = {
    "persoon": "persoon", "patient": "persoon",
    "locatie": "plaats", "zorginstelling": "organisatie", "ziekenhuis": "organisatie",
    "instelling": "organisatie", "datum": "datum", "leeftijd": "leeftijd", "id": "nummer",
}


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    priority: int = 0  # higher wins an overlap: structured 3, titled names 2, deduce 1


# -- structured identifiers ---------------------------------------------------------

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)]", re.I)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.I)
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
PLATE = re.compile(
    r"\b(?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3}"
    r"|\d{3}-[A-Z]{2}-\d|[A-Z]-\d{2}-[A-Z]{3})\b"
)
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|\(?0)\d[\d ().-]{6,16}\d(?![\w-])")
NINE_DIGITS = re.compile(r"(?<![\w.-])\d{3}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}(?![\w-])|(?<![\w.-])\d{9}(?![\w-])")
BSN_LABEL = re.compile(r"\b(?:bsn|burgerservicenummer|sofinummer)\b[\s:.-]*(?:nummer\s*)?(\d[\d .]{6,11}\d)", re.I)
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE = re.compile(rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|\d{{1,2}} (?:{MONTHS}) (?:19|20)\d{{2}})\b", re.I)
BIRTH_CONTEXT = re.compile(r"(?:geboren|geboortedatum|geb\.|verjaardag|jarig)\W+(?:\w+\W+){0,3}$", re.I)
STREET_SUFFIX = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|park|markt|veld|baan|"
                 r"ring|wal|haven|erf|hoven|kamp|wijk|gaarde|akker|boulevard|dam|plantsoen|wetering")
STREET = regex.compile(
    rf"\b(?:\p{{Lu}}[\p{{L}}'-]*\s+(?:(?:van|de|den|der|het|ter|ten)\s+)*){{0,3}}"
    rf"(?:\p{{Lu}}[\p{{L}}'-]*(?:{STREET_SUFFIX})|(?:Singel|Markt|Brink|Dam|Kade|Ring|Wal|Haven|Dijk|Plein|Laan|Weg))"
    rf"\s+\d{{1,4}}(?:\s?[a-zA-Z]\b|\s?-\s?\d{{1,4}}|\s(?:bis|hs))?"
)
ORGANISATION = regex.compile(r"\b(?:Stichting|Vereniging|Coöperatie|Zorggroep)\s+(?:\p{Lu}[\p{L}'-]*\s?)+")
MUNICIPALITY = regex.compile(r"\b(?:gemeente|Gemeente|regio|Regio)\s+((?:\p{Lu}[\p{L}'-]*(?:\s|-)?)+)")


def _eleven_test(digits: str) -> bool:
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def _phone_valid(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))  # +31 (0)20: the (0) is not dialled
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and candidate.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):
        return False
    if digits.startswith(("0800", "0900", "0906", "0909")):
        return 8 <= len(digits) <= 11
    return len(digits) == 10 and digits.startswith("0")


def find_structured(text: str) -> list[Span]:
    spans = []
    spans += [Span("e-mail", m.start(), m.end(), 3) for m in EMAIL.finditer(text)]
    spans += [Span("url", m.start(), m.end(), 3) for m in URL.finditer(text)]
    spans += [Span("iban", m.start(), m.end(), 3) for m in IBAN.finditer(text) if _iban_valid(m.group())]
    spans += [Span("postcode", m.start(), m.end(), 3) for m in POSTCODE.finditer(text)]
    spans += [Span("kenteken", m.start(), m.end(), 3) for m in PLATE.finditer(text)]
    spans += [Span("telefoonnummer", m.start(), m.end(), 3) for m in PHONE.finditer(text) if _phone_valid(m.group())]
    spans += [Span("bsn", m.start(), m.end(), 3) for m in NINE_DIGITS.finditer(text)
              if _eleven_test(re.sub(r"\D", "", m.group()))]
    spans += [Span("bsn", m.start(1), m.end(1), 3) for m in BSN_LABEL.finditer(text)]
    for m in DATE.finditer(text):
        birth = BIRTH_CONTEXT.search(text[max(0, m.start() - 40):m.start()])
        spans.append(Span("geboortedatum" if birth else "datum", m.start(), m.end(), 3 if birth else 1))
    spans += [Span("adres", m.start(), m.end(), 3) for m in STREET.finditer(text)]
    spans += [Span("organisatie", m.start(), m.end(), 0) for m in ORGANISATION.finditer(text)]
    spans += [Span("plaats", m.start(1), m.end(1), 0) for m in MUNICIPALITY.finditer(text)]
    return spans


# -- names ---------------------------------------------------------------------------

# Words that say who someone is; they stay in the text, only the name goes.
ROLE_WORDS = (
    "mevrouw|meneer|mevr\\.|mw\\.|dhr\\.|de heer|juf|juffrouw|meester|dokter|dr\\.|wethouder|burgemeester|"
    "collega|directeur|teamleider|manager|buurvrouw|buurman|moeder|vader|oma|opa|zoon|dochter|tante|oom|"
    "zus|broer|neef|nicht|mentor|huisarts|consulent|gezinscoach|jongere|cliënt|client|mijn|onze|zijn|haar|"
    "hun|ene|een|zei|met|van|aan|voor|bij|door|en|of|dat|toen|want|maar|heeft|had|is|was|belde|mailde|vroeg"
)
ROLE_PREFIX = re.compile(rf"^(?:(?:{ROLE_WORDS})\s+)+", re.I)
NAME_PART = r"\p{Lu}[\p{Ll}'’-]+(?:-\p{Lu}[\p{Ll}'’-]+)?"
SURNAME_PREFIX = r"(?i:van der|van den|van de|van 't|van|de|den|der|ter|ten|te|op de|in 't|in het|het|la|le|el|al)"
TITLED_NAME = regex.compile(
    r"\b(?i:mevrouw|meneer|mevr\.|mw\.|dhr\.|de heer|juf|juffrouw|meester|dokter|dr\.|wethouder|burgemeester|"
    r"collega|directeur|teamleider|buurvrouw|buurman|mentor|huisarts|consulent|gezinscoach)\s+"
    rf"((?:\p{{Lu}}\.\s?)*(?:{SURNAME_PREFIX}\s+)?{NAME_PART}(?:\s+(?:{SURNAME_PREFIX}\s+)?{NAME_PART})?)",
    regex.V1,
)
INITIALS_NAME = regex.compile(rf"\b(?:\p{{Lu}}\.\s?){{1,4}}(?:{SURNAME_PREFIX}\s+)?{NAME_PART}")
# Capitalised words that follow a title but are not names ("wethouder Jeugd", "meneer Pastoor").
NOT_NAMES = {"jeugd", "zorg", "onderwijs", "financien", "financiën", "sociaal", "wmo", "jeugdzorg",
             "welzijn", "wonen", "werk", "sport", "cultuur", "pastoor", "dominee"}
# Surnames that are also ordinary Dutch words: alone, without a title or first
# name, they are read as the word ("Bos en heide", "een visser").
WORD_SURNAMES = {"bos", "jong", "visser", "smit", "bakker", "mulder", "boer", "koster", "molenaar", "schipper",
                 "brouwer", "kok", "koning", "kuiper", "dekker", "timmerman", "schouten", "vos", "wolf", "haan",
                 "groot", "klein", "lange", "zwart", "wit", "bruin", "berg", "veen", "dijk", "beek", "meer", "hoek",
                 "zomer", "winter"}


def find_titled_names(text: str) -> list[Span]:
    spans = []
    for match in TITLED_NAME.finditer(text):
        name = match.group(1)
        first_word = name.split()[0].lower().rstrip(".")
        if not name[0].isupper() or first_word in NOT_NAMES:
            continue
        spans.append(Span("persoon", match.start(1), match.end(1), 2))
    for match in INITIALS_NAME.finditer(text):
        spans.append(Span("persoon", match.start(), match.end(), 2))
    return spans


def trim_person(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Give back the role words deduce swallowed ("collega Joost" -> "Joost")."""
    piece = text[start:end]
    prefix = ROLE_PREFIX.match(piece)
    if prefix:
        start += prefix.end()
        piece = text[start:end]
    if not piece or not piece[0].isupper():
        return None
    if piece.lower() in NOT_NAMES:
        return None
    return start, end


class PersonNumbering:
    """The same person gets the same number throughout one story.

    "Joost de Vries" and later "De Vries" or "Joost" count as one person.
    """

    def __init__(self):
        self._people: list[tuple[set[str], int]] = []

    def number(self, name: str) -> int:
        words = {w.lower().strip(".") for w in re.findall(r"[\w'’-]+\.?", name)}
        key_words = {w for w in words if len(w) > 2 and w not in {"van", "der", "den"}} or words
        for known, number in self._people:
            if key_words <= known or known <= key_words:
                known |= key_words
                return number
        self._people.append((set(key_words), len(self._people) + 1))
        return len(self._people)


def drop_word_surnames(text: str, spans: list[Span]) -> list[Span]:
    """Drop a lone word-surname that deduce took for a person, unless the same
    word is part of a name elsewhere in the text ("mevrouw Bos ... Bos zei")."""
    names = [text[s.start:s.end].lower() for s in spans if s.kind == "persoon"]

    def ordinary(span: Span) -> bool:
        word = text[span.start:span.end].lower()
        return (span.kind == "persoon" and span.priority < 2 and " " not in word
                and word in WORD_SURNAMES and not any(word in name and name != word for name in names))

    return [span for span in spans if not ordinary(span)]


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; on overlap the higher priority, then the longer, wins."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start)):
        if span.end <= span.start:
            continue
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
