"""Quasi-identifiers: words that stay in a story but may, together, point at one person.

A school or a small organisation, an island or a country of origin, a small
village, an exact date, an age: none names anyone alone, and the story may need
it, so it is flagged for the adviser, not replaced. ``reidentification_warnings``
says when flags meet each other, a rare role or an exact date.
"""

from __future__ import annotations

import regex

from .identifiers import Span

# Countries and islands people in Dutch youth care often come from (Dutch spelling), and
# the islands of the Kingdom; an island of a few thousand people points at few families.
ISLANDS = ("Curaçao|Curacao|Aruba|Bonaire|Sint Maarten|Sint-Maarten|Saba|Sint Eustatius|Statia|Texel|Vlieland|"
           "Terschelling|Ameland|Schiermonnikoog|Urk|Marken|Goeree|Tholen|Schouwen")
COUNTRIES = ("Suriname|Marokko|Turkije|Polen|Syrië|Syrie|Eritrea|Somalië|Somalie|Afghanistan|Irak|Iran|Ethiopië|"
             "Ghana|Nigeria|Kaapverdië|Roemenië|Bulgarije|Hongarije|Litouwen|Letland|Oekraïne|Rusland|Servië|"
             "Bosnië|Kosovo|Albanië|Egypte|Algerije|Tunesië|Libië|Soedan|Jemen|Pakistan|India|China|Vietnam|"
             "Indonesië|Molukken|Filipijnen|Brazilië|Colombia|Venezuela|Dominicaanse Republiek|Kameroen|Congo|"
             "Angola|Guinee|Sierra Leone|Liberia|Koerdistan|Palestina|Libanon|Jordanië|Armenië|Georgië|Tsjetsjenië")
NATIONALITIES = {
    "surinaams", "surinaamse", "marokkaans", "marokkaanse", "turks", "turkse", "pools", "poolse", "syrisch", "syrische",
    "eritrees", "eritrese", "somalisch", "somalische", "afghaans", "afghaanse", "iraaks", "iraakse", "iraans",
    "iraanse", "antilliaans", "antilliaanse", "arubaans", "arubaanse", "curaçaos", "curaçaose", "kaapverdiaans",
    "kaapverdiaanse", "ghanees", "ghanese", "nigeriaans", "nigeriaanse", "bulgaars", "bulgaarse", "roemeens",
    "roemeense", "hongaars", "hongaarse", "koerdisch", "koerdische", "moluks", "molukse", "hindoestaans",
    "hindoestaanse", "javaans", "javaanse", "chinees", "chinese", "ethiopisch", "ethiopische", "egyptisch",
    "egyptische", "oekraïens", "oekraïense", "russisch", "russische", "braziliaans", "braziliaanse", "colombiaans",
    "colombiaanse", "dominicaans", "dominicaanse", "berbers", "berberse", "arabisch", "arabische", "nederlands",
    "nederlandse", "duits", "duitse", "belgisch", "belgische", "frans", "franse", "engels", "engelse", "spaans",
    "spaanse", "portugees", "portugese", "italiaans", "italiaanse", "litouws", "litouwse", "lets", "letse",
}
ORIGIN = regex.compile(rf"\b(?:{ISLANDS}|{COUNTRIES})\b")
WORD = regex.compile(r"\p{L}+")
# Schools and small organisations: "basisschool De Regenboog", "De Klimop", "'t Kompas", "It Fûgelnêst",
# "het Da Vinci College", "SBO De Wissel", "kinderopvang Ukkie".
SCHOOL_WORD = (r"(?i:basisschool|school|brede school|kindcentrum|ikc|sbo|so|vso|mavo|havo|vwo|lyceum|college|"
               r"gymnasium|praktijkonderwijs|mbo|roc|kinderopvang|peuterspeelzaal|kinderdagverblijf|bso|"
               r"buurthuis|wijkcentrum|jongerencentrum|voetbalclub|vereniging|moskee|kerk|gemeente|zorgboerderij|"
               r"woongroep|gezinshuis|instelling|praktijk|kliniek|opvang)")
NAME_WORDS = r"(?:\p{Lu}[\p{L}'’-]*|van|de|der|den|het|'t)"
ORG_AFTER_ARTICLE = regex.compile(
    rf"(?<![\p{{L}}])(?:De|Het|'t|’t|It|Op|In)\s+\p{{Lu}}[\p{{L}}'’-]+(?:\s+{NAME_WORDS}){{0,3}}")
ORG_AFTER_SCHOOL_WORD = regex.compile(
    rf"\b{SCHOOL_WORD}\s+(?:(?:De|Het|'t|’t|It|Op|In)\s+)?\p{{Lu}}[\p{{L}}'’-]+(?:\s+\p{{Lu}}[\p{{L}}'’-]+){{0,3}}")
ORG_SUFFIX = regex.compile(r"\b(?:College|Lyceum|Gymnasium|School|Academie)\b")
_CAPITALISED_BEFORE = regex.compile(r"(?:\p{Lu}[\p{L}'’-]+\s+){1,3}$")
# Villages and small towns the teller names: "in ons dorp X", "uit X" are left to deduce's place
# list; this rule catches "het dorp X" and "in X, een dorp van 800 inwoners".
VILLAGE = regex.compile(r"\b(?:dorp|dorpje|gehucht|buurtschap|kern)\s+(\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?)")
_NUMBER_WORDS = ("een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
                 "zeventien|achttien|negentien|twintig|(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)"
                 "[eë]n(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
                 "|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig")
# "14-jarige", "zestien jaar oud", and the age in "ze is 12" / "hij was net vijftien" (group 'age').
AGE = regex.compile(
    rf"\b(?:(?:\d{{1,2}}|{_NUMBER_WORDS})-?jarige?n?"
    rf"|(?:\d{{1,3}}|{_NUMBER_WORDS})\s+jaar\s+oud"
    rf"|(?:is|ben|was|werd|wordt|bent)\s+(?:net\s+|pas\s+|al\s+|bijna\s+)?(?P<age>(?!een\b)(?:\d{{1,2}}|{_NUMBER_WORDS})"
    rf"(?!\s+(?:jaar\s+)?(?:geleden|lang|later|eerder|terug|uur|minuten|dagen|weken|maanden|keer|procent|euro|%|van|"
    rf"de|het|mensen|gezinnen|kinderen|jongeren|cliënten))(?:\s+jaar)?+)(?=[\s.,;!?)]|$))", regex.I)
# Role words in the text so rare in one place that naming the role names the person. Which of
# the teller's own (controlled) roles are rare is the caller's vocabulary: it passes ``rare_role``.
RARE_ROLE_WORDS = regex.compile(
    r"\b(?:wethouder|burgemeester|gemeentesecretaris|raadslid|directeur|directrice|bestuurder|rector|schoolleider|"
    r"huisarts|jeugdarts|schoolarts|kinderrechter|officier van justitie|dominee|imam|pastoor|wijkagent|"
    r"enige\s+\w+)\b", regex.I)
PLACE_KINDS = ("plaats", "organisatie", "herkomst")


def find_quasi(text: str) -> list[Span]:
    """Schools and small organisations, islands and countries of origin, villages, ages (flags only)."""
    spans = [Span("herkomst", m.start(), m.end()) for m in ORIGIN.finditer(text)]
    lowered = text.lower()
    if any(word in lowered for word in NATIONALITIES):  # a quick look first: most stories name none
        spans += [Span("herkomst", m.start(), m.end()) for m in WORD.finditer(text) if m.group().lower() in NATIONALITIES]
    spans += [Span("organisatie", m.start(), m.end()) for m in ORG_AFTER_ARTICLE.finditer(text)
              if not _sentence_start_word(text, m)]
    spans += [Span("organisatie", m.start(), m.end()) for m in ORG_AFTER_SCHOOL_WORD.finditer(text)]
    for m in ORG_SUFFIX.finditer(text):  # "het Da Vinci College": the name before the suffix
        before = _CAPITALISED_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if before:
            spans.append(Span("organisatie", before.start(), m.end()))
    spans += [Span("plaats", m.start(1), m.end(1)) for m in VILLAGE.finditer(text)]
    spans += [Span("leeftijd", *(m.span("age") if m.group("age") else m.span())) for m in AGE.finditer(text)]
    return spans


def _sentence_start_word(text: str, match) -> bool:
    """'De Jeugdwet ...' at a sentence start is a sentence, not a school called De Jeugdwet."""
    before = text[:match.start()].rstrip()
    first = match.group().split()[0]
    named_school = regex.search(r"\b(?:College|Lyceum|Gymnasium|School|Academie)\b", match.group())
    return first in ("De", "Het", "In", "Op") and not named_school and (not before or before[-1] in ".!?:\n")


def reidentification_warnings(flags: list[tuple[str, str]], *, narrator_role: str | None = None,
                              rare_role: bool = False, text: str = "") -> list[str]:
    """Combinations of quasi-identifiers that could point at a handful of people.

    ``flags`` holds (kind, words) of what was flagged; ``text`` is the anonymised text.
    ``narrator_role`` is the teller's role as readers see it ("Wethouder"), shown in the warning;
    ``rare_role`` says whether that role is rare enough to point at a person with a place.
    """
    kinds = {kind for kind, _ in flags}
    places = sorted({words for kind, words in flags if kind in PLACE_KINDS})
    role_in_text = RARE_ROLE_WORDS.search(text)
    warnings = []
    if places and rare_role:
        role = f" ({narrator_role[:1].lower() + narrator_role[1:]})" if narrator_role else ""
        warnings.append(
            f"De rol van de verteller{role} samen met {', '.join(places)} kan naar "
            "een of enkele personen wijzen. Overweeg de plaats weg te laten of algemener te maken."
        )
    elif places and role_in_text:
        warnings.append(f"Een zeldzame rol ({role_in_text.group()}) samen met {', '.join(places)} kan naar een "
                        "of enkele personen wijzen. Overweeg de rol of de plaats algemener te maken.")
    if "datum" in kinds and (places or rare_role or role_in_text):
        warnings.append("Een precieze datum samen met een plaats, organisatie, herkomst of zeldzame rol maakt "
                        "een gebeurtenis herkenbaar. Overweeg alleen de maand of het jaar te noemen.")
    if "leeftijd" in kinds and places:
        warnings.append("Een leeftijd samen met een plaats, school, organisatie of herkomst kan een persoon "
                        "herkenbaar maken.")
    return warnings
