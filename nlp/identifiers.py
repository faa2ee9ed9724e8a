"""Our own rules for Dutch identifiers: the patterns deduce misses or cuts wrongly.

Every rule returns ``Span`` objects over the original text; ``resolve_overlaps``
keeps the best of overlapping spans (structured identifiers beat names, longer
beats shorter) so the anonymiser can rewrite the text in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .dates import find_dates

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

EMAIL = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I)
# Handles: "@kasia_nowak92", "@voornaam.achternaam" (not the middle of an e-mail address).
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# A username without "@": after a platform word ("mn snap is nu ilias.rb07"), or alone at the head of a
# post ("jayden.mvrk • 2 u"); it needs a dot, an underscore or a digit to look like one.
_USERNAME = r"[a-z0-9_](?=[a-z0-9_.]*[._0-9])[a-z0-9_.]{1,28}[a-z0-9_]"
PLATFORM_USERNAME = regex.compile(
    r"\b(?:snap|snapchat|insta|instagram|ig|tiktok|twitter|discord|account|gebruikersnaam|username|naam\s+op\s+\w+)\b"
    rf"[^\n@]{{0,20}}?(?<![\w.])(?P<name>{_USERNAME})(?![\w@]|\.\w)", regex.I)
POST_HEAD_USERNAME = regex.compile(rf"(?m)^[ \t]*(?:[^\w\s][ \t]*)?(?P<name>{_USERNAME})[ \t]*(?:$|[•·|:-])")
TLDS = ("nl|com|org|net|eu|be|de|fr|uk|pl|tr|ma|sr|cw|aw|info|io|me|tv|app|online|site|nu|biz|co|ly|gl|"
        "gov|edu|amsterdam|frl|ee|gg|cc|ai|xyz|link|bio")
URL = re.compile(
    rf"(?:\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)]"
    rf"|(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})\b(?:/[^\s<>]*[^\s<>.,;:!?)])?)",
    re.I)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.I)
# Two-letter words that follow a number in ordinary Dutch ("in 2019 en", "om 1200 te"):
# a lowercase postcode needs letters that are not one of these.
TWO_LETTER_WORDS = {"de", "en", "te", "op", "in", "om", "is", "al", "na", "nu", "of", "ik", "je", "we", "ze", "er",
                    "ja", "zo", "et", "la", "le", "el", "uw", "ga", "an", "am", "as", "at", "be", "by", "do",
                    "go", "he", "if", "it", "me", "my", "no", "on", "or", "so", "to", "up", "us", "eu", "km", "kg",
                    "cm", "mm", "ml", "ct", "pp", "st", "nr", "jr", "sr", "vs", "ca", "bv", "nv", "tv", "pc", "uur"}
POSTCODE = regex.compile(r"\b[1-9]\d{3} ?(?:(?!SA|SD|SS)[A-Z]{2}|[a-z]{2})\b")
_SIDECODES = ("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD",
              "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D")


def _plate_pattern(separator: str, letters: str) -> str:
    parts = []
    for code in _SIDECODES:
        groups = [f"{letters}{{{len(g)}}}" if g[0] == "L" else f"\\d{{{len(g)}}}" for g in code.split("-")]
        parts.append(separator.join(groups))
    return "|".join(parts)


# Every sidecode with dashes in any case, written without dashes in any case, or with spaces in capitals.
PLATE = re.compile(rf"(?<![\w-])(?:{_plate_pattern('-', '[A-Za-z]')}|{_plate_pattern('', '[A-Za-z]')}"
                   rf"|{_plate_pattern(' ', '[A-Z]')})(?![\w-])")
# Plate-shaped words (letters and digits, 6-8 long with dashes or capitals with spaces), then PLATE.
PLATE_CANDIDATE = re.compile(r"(?<![\w-])(?=[\w-]*\d)[A-Za-z0-9]{1,6}(?:-[A-Za-z0-9]{1,3}){0,2}(?![\w-])"
                             r"|\b[A-Z0-9]{1,3} [A-Z0-9]{1,3} [A-Z0-9]{1,3}\b")
# URLs live in runs of text without spaces that hold a dot; only those are searched.
DOTTED_RUN = re.compile(r"[^\s<>]*\.[^\s<>]+")
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|\(?0)\d[\d ().–—-]{6,16}\d(?![\w-])")
# A municipality's general number: 14 and the area code ("14 020", "14 0412").
PHONE_MUNICIPAL = re.compile(r"(?<![\w,.-])14[ -]?0\d{2,3}(?![\w,.-])")
# Numbers abroad: +48 601 729 441, +44(0)113 496 0573, 0033 6 12 34 56 78.
PHONE_ABROAD = re.compile(r"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\(?\d[\d ().-]{5,16}\d(?![\w-])")
# Any 8-15 digits right after a word for phoning ("bel me op 663 092 436", "mn nummer is (01632) 960920").
PHONE_LABEL = regex.compile(
    r"\b(?:bel|bellen|belt|belde|nummer|telefoon|telefoonnummer|tel|mobiel|mobieltje|gsm|whatsapp|app|bereiken op|"
    r"bereikbaar op|sms)\b[^\d\n]{0,20}?(?P<number>\+?\(?\d[\d ().-]{6,20}\d)(?![\w-])", regex.I)
# Caribisch Nederland dials seven digits ("717 6235" on Bonaire): only right after a phone word.
PHONE_LABEL_SEVEN = regex.compile(r"\b(?:bel|belde|belt|nummer|telefoon|tel|mobiel|vast|vaste\s+nummer|whatsapp|app)\b"
                                  r"[^\d\n]{0,12}?(?P<number>(?<!\d)\d{3}[ .-]?\d{4})(?![\d\w-])", regex.I)
# Numbers said aloud and written down as words: "nul zes, een twee, vijf vijf, ...", "plus drie één, zes, ...".
_UNIT_WORDS = "nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEN_WORDS = ("tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|"
              "(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën))?"
              "(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)")
_SPOKEN_DIGITS = rf"(?:{_TEN_WORDS}|{_UNIT_WORDS})"
PHONE_WORDS = regex.compile(
    rf"(?<!\w)(?:plus\s+drie\s+(?:één|een)|nul)(?:[ \t,.-]+{_SPOKEN_DIGITS}(?!\w)){{4,14}}", regex.I)
# A house number said as a word after a street: "Kanaalstraat honderdtwaalf", "Jacob Catsstraat tweeënveertig".
HOUSE_NUMBER_WORD = (rf"(?:(?:twee|drie|vier|vijf|zes|zeven|acht|negen)?honderd(?:en)?(?:{_TEN_WORDS}|{_UNIT_WORDS})?"
                     rf"|{_TEN_WORDS})")
# Nine digits in any grouping of spaces, dots and dashes ("123 456 782", "1234.56.782").
NINE_DIGITS = regex.compile(r"(?<![\w€$]|\d[ .,-]|€ )\d(?:[ .-]?\d){8}(?![\w]|[ .,-]\d|\s?(?:euro|EUR)\b)")
BSN_LABEL = regex.compile(
    r"\b(?:bsn|burgerservicenummer|burgerservice-nummer|sofinummer|sofi-nummer)(?:-?nummer)?\b"
    r"(?P<gap>[^\d\n]{0,40}?)(?P<number>\d(?:[ .-]?\d){6,9})(?![\d])", regex.I)
STREET_SUFFIX = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|park|markt|veld|baan|"
                 r"ring|wal|haven|erf|hoven|kamp|wijk|gaarde|akker|boulevard|dam|plantsoen|wetering")
# 14a, 12-3, 14-hs, 22-II (a floor), 5 III, 7 bis
HOUSE_NUMBER = (r"\d{1,4}+(?:\s?(?:bis|hs)\b|\s\((?:boven|beneden|achter|voor|bis)\)|\s?[a-zA-Z]\b|\s?-\s?\d{1,4}|\s?-\s?(?:hs|bg|bis|huis|boven|rood|I{1,3}|IV)\b"
                r"|\s?-\s?[a-zA-Z]\b|\s(?:bis|hs|huis|boven|rood|I{1,3}|IV)\b|\s(?:kamer|unit|app\.?|appartement)\s\d{1,4}\b)?")
STREET = regex.compile(
    # up to three words before the street word: "Burgemeester van Vliet", "Pr." or initials "J.P."
    rf"\b(?:(?:\p{{Lu}}\.)+\s?|\p{{Lu}}[\p{{L}}'-]*\.?\s+(?:(?:van|de|den|der|het|ter|ten)\s+)*){{0,3}}"
    rf"(?:\p{{Lu}}[\p{{L}}'-]*(?:{STREET_SUFFIX})|(?:Singel|Markt|Brink|Dam|Kade|Ring|Wal|Haven|Dijk|Plein|Laan|Weg))"
    rf"\s+{HOUSE_NUMBER}"
)
# Streets on Bonaire and Curaçao: "Kaya Gobernador N. Debrot 41", "Kaya Grandi 12".
KAYA_STREET = regex.compile(r"\bKaya\s+(?:\p{Lu}[\p{L}'-]*\.?\s+){1,4}\d{1,4}[a-zA-Z]?\b")
SPOKEN_STREET = regex.compile(
    rf"\b(?:(?-i:\p{{Lu}})[\p{{L}}'-]*\s+){{0,2}}\p{{L}}[\p{{L}}'-]*(?:{STREET_SUFFIX})\s+{HOUSE_NUMBER_WORD}(?!\w)"
    r"(?!\s+(?:keer|jaar|jaren|huizen|woningen|mensen|meter|minuten|kinderen|gezinnen)\b)", regex.I)
WORD_BEFORE_NUMBER = re.compile(r"([^\W\d]+)[ \t]+\d")
_SUFFIXES = tuple(STREET_SUFFIX.split("|")) + ("brink",)
# In lowercase text only the unmistakable suffixes count ("vergadering 3" must stay).
LOWER_STREET = regex.compile(
    rf"\b(?:van\s+)?\p{{Ll}}[\p{{Ll}}'-]{{2,}}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|hof)"
    rf"\s+{HOUSE_NUMBER}(?!\s*(?:%|procent|keer|jaar|jaren|maanden|weken|dagen|uur|minuten|euro|kilometer|km|meter)\b)"
)
# Where people say they live, any street suffix counts, also in lowercase: "ik woon op de nikkibaan 52".
LIVING_AT = regex.compile(
    rf"\b(?:woon|woont|woonde|wonen|woonden|verhuisd\s+naar|adres\s+is|adres:)\s+(?:(?:op|aan|in)\s+)?"
    rf"(?:(?:de|het|'t)\s+)?(?P<street>\p{{L}}[\p{{L}}'-]*(?:{STREET_SUFFIX})\s+{HOUSE_NUMBER})", regex.I)
POSTCODE_LABEL = regex.compile(r"\b(?:postcode|pc)\b\W{0,3}(?:is\s+|was\s+)?(?P<code>[1-9]\d{3} ?[a-zA-Z]{2})\b", regex.I)

# Client, case and dossier numbers: a label, a few words at most, then something with digits.
CASE_LABEL = regex.compile(
    # also compounds: "leerplichtdossier", "OTS-nummer", "zaak-id"; and "onder nummer"
    r"(?:\b\p{L}*dossier(?:nummer|nr)?|\b(?-i:\p{Lu}{2,6})-(?:nummer|nr)|\bonder\s+nummer|\b(?:dossier|dossiernummer|dossiernr|zaak|zaaknummer|zaaknr|kenmerk|cli[eë]ntnummer|cli[eë]ntnr|"
    r"klantnummer|klantnr|relatienummer|registratienummer|referentienummer|referentie|casenummer|casusnummer|"
    r"beschikkingsnummer|polisnummer|lidnummer|leerlingnummer|studentnummer|patiëntnummer|pati[eë]ntnr|"
    r"volgnummer|aanvraagnummer|meldingsnummer|documentnummer|registratie|inschrijving|cli[eë]nt|factuur|huurcontract|toewijzing|kvk|agb|"
    # any other compound that ends in -nummer, -nr or -code ("toewijzingsnummer", "AGB-code", "JGZ-nummer")
    r"(?!(?:telefoon|mobiel|huis|rekening|iban|bsn|burgerservice|sofi|kenteken|post|tel)\p{L}*)"
    r"\p{L}{2,}-?(?:nummer|nr|code)))\b"
    r"(?P<gap>(?:[\s:#.,]+(?:is|was|van|de|het|onder|met|nr|nummer|mijn|zijn|haar|hun|ons|onze|uw|staat|stond)\b){0,4}[\s:#.,]*"
    r"|(?:[\s:#.,]+\p{L}+){1,5}[\s:#.,]+)"
    # "2023-04567", "Z/21/123456", "JZ 2024 0113", "2023 / 04417": spaces only before a slash, a dash
    # or a group of three digits or more, so "zaak 2 of 3" stays two numbers
    r"(?P<number>(?:(?:[A-Za-z]{1,6}[-/.]){0,3}[A-Za-z]{0,5}[-/.]?|(?-i:[A-Z]{1,5})\s)\d(?:[\w/.-]*\w)?"
    r"(?:\s?[/-]\s?\d(?:[\w/.-]*\w)?|\s\d{3,}(?:[\w/.-]*\w)?)*)", regex.I)
# A case number without its label: a year, then five digits or more, maybe a letter code ("2024-11872",
# "2024/JB/00431"); four digits after the year are a school year ("2023-2024") and stay.
BARE_CASE_NUMBER = regex.compile(r"(?<![\w/.-])(?:19|20)\d{2}[-/](?:[A-Z]{1,4}[-/])?\d{5,8}(?![\w/-])")
# An organisation's code without a label: letter groups, then digits ("JH-24-15521", "KN-302517",
# "WT-ROT-2024-03317", "F2024-0613"); at least four digits, and not a name and a year ("GGZ-2024").
BARE_CODE = regex.compile(r"(?<![\w/.-])[A-Z]{1,5}(?:[-/][A-Z]{1,5}){0,3}(?:[-/]|(?=\d))\d{2,}(?:[-/]\d{2,}){0,3}"
                          r"(?![\w/-])")
ORGANISATION = regex.compile(r"\b(?:Stichting|Vereniging|Coöperatie|Zorggroep)\s+(?:\p{Lu}[\p{L}'-]*\s?)+")
MUNICIPALITY = regex.compile(r"\b(?:gemeente|Gemeente|regio|Regio)\s+((?:\p{Lu}[\p{L}'-]*(?:\s|-)?)+)")


def _spoken_digit_count(words: str) -> int:
    """How many digits a number said as words stands for: "nul zes" 2, "vijfenvijftig" 2, "plus drie één" 2."""
    count = 0
    for word in re.findall(r"\w+", words.lower()):
        if word == "plus":
            continue
        count += 2 if re.fullmatch(_TEN_WORDS, word) else 1
    return count


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


_LINK_WORDS = {"is", "was", "van", "de", "het", "onder", "met", "nr", "nummer", "mijn", "zijn", "haar", "hun", "ons",
               "onze", "uw", "staat", "stond"}


def _only_link_words(gap: str) -> bool:
    return all(word.lower() in _LINK_WORDS for word in re.findall(r"\w+", gap))


def _case_number_valid(value: str, *, near: bool) -> bool:
    """Right after its label any number of 3+ digits; further away only something shaped like an id."""
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return False  # "het dossier van 2019": a year
    digits = sum(c.isdigit() for c in value)
    shaped = digits >= 5 or (digits >= 2 and (any(c.isalpha() for c in value)
                                              or re.search(r"\d[-/.]\d", value) is not None))
    return shaped or (near and digits >= 3)


def _postcode_valid(match: str) -> bool:
    letters = match[-2:]
    return letters.isupper() or letters not in TWO_LETTER_WORDS


def find_structured(text: str) -> list[Span]:
    spans = []
    spans += [Span("e-mail", m.start(), m.end(), 3) for m in EMAIL.finditer(text)]
    spans += [Span("handle", m.start(), m.end(), 3) for m in HANDLE.finditer(text)]
    spans += [Span("handle", m.start("name"), m.end("name"), 2) for pattern in (PLATFORM_USERNAME, POST_HEAD_USERNAME)
              for m in pattern.finditer(text)
              if re.search(r"[._\d]", m.group("name")) and not re.fullmatch(r"[\d._]+", m.group("name"))]
    spans += [Span("adres", m.start(), m.end(), 3) for m in KAYA_STREET.finditer(text)]
    spans += [Span("telefoonnummer", m.start(), m.end(), 3) for m in PHONE_WORDS.finditer(text)
              if 9 <= _spoken_digit_count(m.group()) <= 12]
    lowered = text.lower()
    if "straat" in lowered or any(suffix in lowered for suffix in ("laan ", "weg ", "plein ", "gracht ")):
        spans += [Span("adres", m.start(), m.end(), 3) for m in SPOKEN_STREET.finditer(text)]
    spans += [Span("url", run.start() + m.start(), run.start() + m.end(), 3) for run in DOTTED_RUN.finditer(text)
              for m in URL.finditer(run.group())]
    spans += [Span("iban", m.start(), m.end(), 3) for m in IBAN.finditer(text) if _iban_valid(m.group())]
    spans += [Span("postcode", m.start(), m.end(), 3) for m in POSTCODE.finditer(text) if _postcode_valid(m.group())]
    spans += [Span("kenteken", m.start(), m.end(), 3) for m in PLATE_CANDIDATE.finditer(text)
              if PLATE.fullmatch(m.group()) and not m.group().isdigit() and not m.group().isalpha()]
    spans += [Span("telefoonnummer", m.start(), m.end(), 3) for m in PHONE.finditer(text) if _phone_valid(m.group())]
    spans += [Span("telefoonnummer", m.start(), m.end(), 3) for m in PHONE_MUNICIPAL.finditer(text)]
    spans += [Span("telefoonnummer", m.start(), m.end(), 3) for m in PHONE_ABROAD.finditer(text)
              if 8 <= sum(c.isdigit() for c in m.group()) <= 15]
    spans += [Span("telefoonnummer", m.start("number"), m.end("number"), 2) for m in PHONE_LABEL.finditer(text)
              if 8 <= sum(c.isdigit() for c in m.group("number")) <= 15]
    spans += [Span("telefoonnummer", m.start("number"), m.end("number"), 2) for m in PHONE_LABEL_SEVEN.finditer(text)]
    spans += [Span("postcode", m.start("code"), m.end("code"), 3) for m in POSTCODE_LABEL.finditer(text)]
    spans += [Span("adres", m.start("street"), m.end("street"), 3) for m in LIVING_AT.finditer(text)]
    spans += [Span("bsn", m.start(), m.end(), 3) for m in NINE_DIGITS.finditer(text)
              if _eleven_test(re.sub(r"\D", "", m.group()))]
    spans += [Span("bsn", m.start("number"), m.end("number"), 3) for m in BSN_LABEL.finditer(text)
              if 8 <= sum(c.isdigit() for c in m.group("number")) <= 10]
    spans += [Span("dossiernummer", m.start("number"), m.end("number"), 3) for m in CASE_LABEL.finditer(text)
              if _case_number_valid(m.group("number"), near=_only_link_words(m.group("gap")))]
    spans += [Span("dossiernummer", m.start(), m.end(), 2) for m in BARE_CASE_NUMBER.finditer(text)]
    spans += [Span("dossiernummer", m.start(), m.end(), 2) for m in BARE_CODE.finditer(text)
              if sum(c.isdigit() for c in m.group()) >= 4 and not re.fullmatch(r"[A-Z]+-?(?:19|20)\d\d", m.group())]
    spans += [Span(kind, start, end, 3 if kind == "geboortedatum" else 1) for kind, start, end in find_dates(text)]
    if any(m.group(1).lower().endswith(_SUFFIXES) for m in WORD_BEFORE_NUMBER.finditer(text)):
        # the street rules are slow, and most stories name no street: run them only near one
        spans += [Span("adres", m.start(), m.end(), 3) for m in STREET.finditer(text)]
        spans += [Span("adres", m.start(), m.end(), 3) for m in LOWER_STREET.finditer(text)]
    spans += [Span("organisatie", m.start(), m.end(), 0) for m in ORGANISATION.finditer(text)]
    spans += [Span("plaats", m.start(1), m.end(1), 0) for m in MUNICIPALITY.finditer(text)]
    return spans


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; on overlap the higher priority, then the longer, wins."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start)):
        if span.end <= span.start:
            continue
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
