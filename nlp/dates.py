"""Dates in Dutch text, and which of them are dates of birth.

A date of birth is a direct identifier and is replaced; any other exact date
is only flagged (a date plus a place can make an event recognisable). People
write dates in numerals ("3-4-2009", "03/04/09", "2009-04-03") and in words
("drie april tweeduizendnegen", "de twaalfde mei"), and say a date is a
birthday before it ("geboren op", "ik ben van", "jarig op") or after it
("... is geboren").
"""

from __future__ import annotations

import regex

MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
          r"jan\.?|feb\.?|febr\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sep\.?|sept\.?|okt\.?|nov\.?|dec\.?")
_UNITS = "een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEENS = "tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
DAY_WORD = (rf"(?:(?:{_UNITS})(?:en|ën)(?:twintig|dertig)(?:ste)?|eenendertigste|twintig(?:ste)?|dertig(?:ste)?|"
            rf"(?:{_TEENS})(?:de)?|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|{_UNITS})")
# "tweeduizendnegen", "twee duizend en negen", "negentienhonderdnegenennegentig", "negentien negenentachtig"
YEAR_WORD = (r"(?:twee\s?duizend(?:\s?(?:en\s?)?[a-zë]+)?|negentien\s?(?:honderd\s?)?(?:[a-zë]+(?:tig|tien)|"
             rf"{_UNITS}|tien|elf|twaalf))")
YEAR = r"(?:(?:19|20)\d{2}|'\d{2})"
DAY = r"(?:[0-3]?\d)(?:e|ste|de)?"

# Every date starts with a digit, "de", a number word or a month: checked first, because trying
# all the alternatives at every word of a story is what made this rule slow.
_START = rf"(?=\d|de\s|{_UNITS}|{_TEENS}|twintig|dertig|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|" \
         rf"negende|jan|feb|maa|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
DATE = regex.compile(
    rf"\b{_START}(?:"
    rf"[0-3]?\d[-/.][01]?\d[-/.](?:(?:19|20)\d{{2}}|\d{{2}})(?![\d/.-]*\d)"        # 3-4-2009, 03/04/09
    rf"|(?:19|20)\d{{2}}-[01]\d-[0-3]\d"                                            # 2009-04-03
    rf"|{DAY}\s+(?:{MONTHS})(?:\s+{YEAR})?"                                          # 3 april (2009)
    rf"|(?:de\s+)?{DAY_WORD}\s+(?:{MONTHS})(?:\s+{YEAR}|\s+{YEAR_WORD})?"            # drie april tweeduizendnegen
    rf"|(?:{MONTHS})\s+{YEAR}"                                                       # april 2009
    rf")(?!\w)",
    regex.I | regex.V1,
)
BIRTH_BEFORE = regex.compile(
    r"(?:(?:geboren|geboortedatum|geboortedata|geb\b\.?|papieren|geboortedag|verjaardag|jarig|DOB|🎂)\W+(?:\w+\W+){0,3}"
    r"|(?:(?:ik|hij|zij|ze|je|jij|zoon|dochter|kind|jongen|meisje|baby)\s+(?:is|bent)|\bben)\s+van\s+"
    # "Sanne is van 12-03-2011": a capitalised word (a name) that is no pronoun or article
    r"|(?<!\w)(?!(?:Het|Dit|Dat|Die|Deze|Wat|Er|Alles|Niets|Iets|Hier|Daar)\s)(?-i:\p{Lu}\p{Ll}+)\s+is\s+van\s+"
    r")$", regex.I)
# "tomek is van 3 mei 2013", "Mahad, is van ...": a birthday when the word is a name (checked with the list)
NAME_IS_VAN = regex.compile(r"(?<!\w)(?P<word>\p{L}+),?\s+is\s+van\s+$")
# "Femke (03-2-2015)", "kenzo 02-04-2015": a name, then straight away a date with a year
NAME_THEN_DATE = regex.compile(r"(?<!\w)(?P<word>\p{L}+)[ \t]*[(,]?[ \t]*$")
LIST_JOIN = regex.compile(r"\s*(?:,|;|/|en|&)\s*")
BIRTH_AFTER = regex.compile(r"^\W*(?:\w+\W+){0,2}(?:geboren|jarig\b|🎂)", regex.I)
_YEAR_IN = regex.compile(r"(?:19|20)\d{2}|'\d{2}|duizend|negentien", regex.I)
_MONTH_FIRST = regex.compile(rf"(?:{MONTHS})\b", regex.I)
_NUMERIC = regex.compile(r"^\d[\d/.-]*$")


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) for every date: 'geboortedatum' in a birth context, 'datum' for
    another exact date (day and year); a month alone or a day without a year is left alone."""
    found: list[tuple[str, int, int]] = []
    for match in DATE.finditer(text):
        start, end = match.start(), match.end()
        value = match.group()
        if value.lower().startswith("de "):
            start, value = start + 3, value[3:]
        before = text[max(0, start - 45):start]
        numeric = bool(_NUMERIC.match(value))
        birth = (BIRTH_BEFORE.search(before) or BIRTH_AFTER.search(text[end:end + 30]) or _name_is_van(before)
                 or (numeric and _name_right_before(before)))
        exact = numeric or (_YEAR_IN.search(value) and not _MONTH_FIRST.match(value))
        if not birth and found and found[-1][0] == "geboortedatum" and LIST_JOIN.fullmatch(text, found[-1][2], start):
            birth = True  # "geb. resp. 03-02-2013 en 27-10-2016": the next date in the same list
        if birth:
            found.append(("geboortedatum", start, end))
        elif exact:
            found.append(("datum", start, end))
    return found


def _name_is_van(before: str) -> bool:
    return _is_first_name(NAME_IS_VAN.search(before))


def _name_right_before(before: str) -> bool:
    return _is_first_name(NAME_THEN_DATE.search(before), surname_too=True)


def _is_first_name(match, *, surname_too: bool = False) -> bool:
    if not match:
        return False
    from . import lexicon  # the name list loads once, on first use

    word = match.group("word")
    return (lexicon.is_listed_name(word) and (lexicon.can_be_first_name(word) or surname_too and lexicon.can_be_surname(word))
            and lexicon.zipf(word) < 4.5)  # listed names are those no frequent Dutch word shares
