"""Names of people: by title, by list, by context, and everywhere once found.

deduce knows Dutch names; people in Dutch youth care are called Kasia,
Shurandy, Yilmaz and Boukhari too, and write in chat-like lowercase. So a name
is also found:

- by a title or role kept before it ("mevrouw Jansen", "juf sanne");
- by the world-wide list in ``lexicon`` where the word is not an ordinary
  Dutch word: capitalised mid-sentence, at a sentence start when rare in Dutch,
  in lowercase when rare in Dutch or followed by a surname ("kevin jansen");
- by context ("ik ben X", "ik heet/heette X", "met X", "mijn dochter X",
  "Vader, X,"), also for names no list has;
- with possessives ("Kevins", "Kevin's") and diminutives ("Kevintje");
- everywhere in the text once found anywhere, also when first seen inside a
  handle or an e-mail address (``people.propagate``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import regex

from . import lexicon
from .identifiers import Span
from .quasi import NATIONALITIES

TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*(?:['’]s?)?")
PREFIXES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "la", "le", "el", "al", "da", "dos", "do",
            "di", "von", "bin", "ibn", "op", "in"}
# Capitalised words that follow a title or stand mid-sentence but are no names.
NOT_NAMES = {"jeugd", "zorg", "onderwijs", "financien", "financiën", "sociaal", "wmo", "jeugdzorg", "welzijn", "wonen",
             "werk", "sport", "cultuur", "pastoor", "dominee", "god", "allah", "kerst", "pasen", "pinksteren",
             "ramadan", "suikerfeest", "offerfeest", "sinterklaas", "koningsdag", "oud", "nieuw", "covid", "corona",
             "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari",
             "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
             "whatsapp", "facebook", "instagram", "tiktok", "snapchat", "youtube", "google", "teams", "zoom",
             "bsn", "iban", "digid", "wmo", "ggd", "uwv", "cjg", "svb", "duo", "cak", "pgb", "ivs", "sbo", "mbo",
             "hbo", "vmbo", "havo", "vwo", "roc", "insta", "app", "mail", "sms", "oké", "oke", "ok", "name"}
_KIN = (r"vader|moeder|papa|mama|pa|ma|zoon|zoontje|dochter|dochtertje|broer|broertje|zus|zusje|zuster|oma|opa|"
        r"tante|oom|neef|neefje|nicht|nichtje|vriend|vriendje|vriendin|vriendinnetje|man|vrouw|partner|ex|"
        r"stiefvader|stiefmoeder|stiefzoon|stiefdochter|pleegvader|pleegmoeder|pleegzoon|pleegdochter|pleegkind|"
        r"kleinzoon|kleindochter|kind|baby|jongen|meisje|cliënt|client|collega|buurman|buurvrouw|buurjongen|"
        r"buurmeisje|juf|juffrouw|meester|mentor|coach|begeleider|hulpverlener|voogd|jeugdbeschermer|gezinsvoogd|"
        r"casemanager|mevrouw|meneer|mevr\.|mw\.|dhr\.|de\s+heer|dokter|wethouder|burgemeester|directeur|"
        r"teamleider|huisarts|consulent|gezinscoach|bewindvoerder|maatje|docent|leerkracht|trainer|heer|dr\.|drs\.|"
        r"mr\.|prof\.")
CUE_NAMING = regex.compile(r"(?:\bik\s+heet|\bheet|\bheette|\bheten|\bgenaamd|\bnaam\s+is|\bnaam\s+was|"
                           r"\bnoem(?:de|den|t|en)?\s+(?:me|mij|hem|haar|zich|ze)(?:zelf)?)\s*[,:]?\s+", regex.I)
CUE_TITLE = regex.compile(r"\b(?:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|heer|dr\.|drs\.|mr\.|prof\.|juf|juffrouw)\s+", regex.I)
CUE_SELF = regex.compile(r"\b(?:ik\s+ben|dit\s+is|ik\s+was)\s+", regex.I)
CUE_KIN = regex.compile(rf"\b(?:mijn|mn|m'n|haar|zijn|z'n|onze|ons|je|jouw|hun)\s+(?:{_KIN})\s*,?\s+", regex.I)
CUE_ROLE = regex.compile(rf"\b(?:{_KIN})(?:\s+van)?\s*,?\s+", regex.I)
CUE_WITH = regex.compile(r"\b(?:met|en|bij|tegen|zei|vroeg|belde|appte|mailde|sprak|zag|hielp)\s+", regex.I)
ARTICLE_BEFORE = regex.compile(r"\b(?:de|het|een|die|dat|deze|dit|geen|elke|ieder|iedere|zo'n)\s+", regex.I)
# Frequent lowercase words that are never checked further unless a cue precedes them.
_COMMON = frozenset("de het een en van in is dat op te zijn met voor niet die ik er aan om was ook als bij maar "
                    "dan nog wel of naar je we ze hij zij had heeft wat kon door tot over uit zo moest werd meer "
                    "wil wilde geen al hun ons mijn haar hem mij me was waren worden wordt kan kunnen moet".split())
OTHER_SCRIPT = regex.compile(r"[\p{Arabic}\p{Cyrillic}\p{Greek}\p{Hebrew}\p{Han}\p{Hangul}\p{Thai}\p{Devanagari}"
                             r"\p{Armenian}\p{Georgian}\p{Ethiopic}\p{M}'’-]+")
SURNAME_TAIL = regex.compile(r"[ \t]+(?:(?:van|de|der|den|ter|ten|te|el|al|da|dos|di)[ \t]+){0,3}(?P<surname>\p{L}{3,})")
CLAUSE_END = regex.compile(r"\s*(?:[,.;!?]|$|en\b|\(|-)")
# Word ends (and participles: "langsgegaan", "verhuisd") that make an unknown word Dutch, not a name.
ROLE_NOUN = regex.compile(r"(?:er|ster|ist|ige|aar|ent|ant|eur|ice|ief|isch|loos|baar|lijk|ig|ing|heid)$"
                          r"|^(?:\w*ge|be|ver|ont|her)\w+(?:en|an|d|t)$")
# A greeting or a sign-off, then a name: "hey sander", "Beste Ilse,", "groetjes,\nelif".
CUE_GREETING = regex.compile(r"(?:^|(?<=[\n.!?]))[ \t]*(?:hey|hee|hoi|hallo|hi|yo|dag|beste|lieve|geachte|"
                             r"goedemorgen|goedemiddag|goedenavond|groetjes|groeten|groet|gr|liefs|doei|mvg|"
                             r"met vriendelijke groet(?:en)?)[ \t]*[,!]?\s+", regex.I)
# A chat message that starts with who is writing: "nadia hier (moeder van ...)".
CUE_HERE = regex.compile(r"(?:^|(?<=\n))[ \t]*-?[ \t]*(?P<name>\p{L}+)\s+hier\b", regex.I)
# Who speaks in a chat log or minutes: "yvonne: dat zeggen ze altijd".
CUE_SPEAKER = regex.compile(r"(?:^|(?<=\n))[ \t]*(?P<name>\p{L}+):[ \t]", regex.I)
# Between two names: "aya en sami", "Aya, Sami en Noor".
COORDINATION = regex.compile(r"(?:\s+(?:en|of|&)\s+|,\s*)")
# What a person does right after their name ("ruud zei", "yvonne heeft") or a question to them ("dex?").
ACTS_AFTER = regex.compile(r"\s*(?:\?|\sis\s+\d|\s(?:zei|zegt|vroeg|vraagt|belde|belt|appte|appt|mailde|mailt|heeft|had|"
                           r"komt|kwam|gaat|ging|wil|wilde|weet|wist|vindt|vond|woont|werkt|zit|zat|doet|deed)\b)")
SEEN_OR_HEARD = regex.compile(r"\b(?:zag|zie|sprak|spreek|hoorde|hoor|ken|kent|kende|gesproken\s+met|gebeld\s+met)\s+",
                              regex.I)
WEAK_CUE_LOWERCASE = regex.compile(r"\b(?:met|tegen|zei|vroeg|belde|appte|mailde)\s+", regex.I)


@lru_cache(maxsize=65536)
def _base(token: str) -> str:
    """The name inside a possessive or a diminutive: Kevin's, Kevins, Kevintje -> Kevin."""
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            return token[: -len(suffix)]
    if lexicon.name_code(token) is None and lexicon.zipf(token) < 3.0:  # "fiets" is no possessive of "Fiet"
        if token.endswith("s") and lexicon.is_listed_name(token[:-1]):
            return token[:-1]
        for suffix in ("tje", "pje", "je", "ie"):
            stem = token[: -len(suffix)]
            if len(stem) >= 3 and token.endswith(suffix) and lexicon.is_listed_name(stem) \
                    and lexicon.can_be_first_name(stem):
                return stem
    return token


ABBREVIATION_BEFORE = regex.compile(r"\b(?:dr|drs|mr|mw|mevr|dhr|prof|ir|ing|bijv|o\.a|t\.a\.v|i\.o\.m|m\.b\.t)\.$", regex.I)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(«-–—*•")
    if before.endswith(".") and ABBREVIATION_BEFORE.search(before[-8:]) and not text[:start].endswith("\n"):
        return False  # "dr. kamphuis": the full stop ends a title, not a sentence
    return not before or before[-1] in ".!?:;\n" or text[:start].endswith("\n")


def _capitalised(token: str) -> bool:
    return token[0].isupper() and not token.isupper()


def _cue_accepts(cue: str, base: str, *, capitalised: bool, weak_lowercase: bool = False,
                 followed_by_end: bool = False) -> bool:
    """Whether the word after a cue is a name. 'naming' cues (ik heet, genaamd) are strong,
    'self' (ik ben) and 'role' cues (mijn dochter, mevrouw) fairly strong, 'with' cues (met, en) weak."""
    word = base.lower()
    if word in NOT_NAMES or word in PREFIXES or (capitalised and _nationality(base)):
        return False
    listed, code, zipf = lexicon.is_listed_name(base), lexicon.name_code(base), lexicon.zipf(base)
    first_name_word = code is not None and code[0] == "A" and lexicon.can_be_first_name(base) and zipf < 5.0
    if cue == "speaker":  # "yvonne:", "Gijs:", not "Adres:" or "Betreft:"
        return listed or (code is None and zipf < 2.5 and not ROLE_NOUN.search(word)) or (first_name_word and zipf < 4.0)
    if capitalised:
        if cue == "with":
            return listed or (code is None and zipf < 2.0)
        return listed or first_name_word or (code is None and zipf < 2.5)
    if cue == "naming":
        return listed or first_name_word or (code is None and zipf < 1.5)
    if cue == "self" and (listed or first_name_word and zipf < 4.0) and followed_by_end:
        return True  # "ik ben mark en ik ben 17", "ik ben jet, 15"
    if cue == "self" and code is None and zipf < 2.5 and len(base) <= 12 and not ROLE_NOUN.search(word):
        return True  # "ik ben shurandy"; not "ik ben mantelzorger" or "ik ben ervaringsdeskundige"
    if cue == "title":
        return listed or first_name_word or zipf < 3.0  # "dr. kamphuis", not "mevrouw belde"
    if cue == "kin":
        return listed or first_name_word or (code is None and zipf < 1.5)  # "mijn zus biltaş", "mijn zus arie"
    if cue == "with" and not weak_lowercase:
        return False  # "bos en heide": in lowercase only 'met', 'tegen' and speech verbs count
    if cue == "role" and code is None and zipf < 1.5 and not ROLE_NOUN.search(word):
        return True  # "de begeleider yahşikan"
    limit = 5.0 if cue == "with" else 4.5  # "met michael" is a name; "de directeur reed" is not
    return (listed and (zipf < 3.0 or (lexicon.can_be_first_name(base) and zipf < limit))
            or first_name_word and zipf < 4.0)


def _cues(text: str) -> tuple[dict[int, str], set[int]]:
    """Where a cue ends (the next word's start) and its kind, the strongest cue winning; and which of
    those point at the first word of a line, where ordinary sentence-start caution does not apply."""
    cues: dict[int, str] = {}
    for kind, pattern in (("naming", CUE_NAMING), ("title", CUE_TITLE), ("self", CUE_SELF), ("kin", CUE_KIN), ("role", CUE_ROLE),
                          ("with", CUE_WITH)):
        for match in pattern.finditer(text):
            cues.setdefault(match.end(), kind)
    line_cues = set()
    for kind, pattern, where in (("kin", CUE_GREETING, None), ("kin", CUE_HERE, "name"), ("speaker", CUE_SPEAKER, "name")):
        for match in pattern.finditer(text):
            position = match.start(where) if where else match.end()
            cues.setdefault(position, kind)
            line_cues.add(position)
    return cues, line_cues


def find_names(text: str, *, places: Sequence[Span] = ()) -> list[Span]:
    """Names found by the world-wide list and by context cues (see the module docstring)."""
    tokens = list(TOKEN.finditer(text))
    blocked = [(s.start, s.end) for s in places]
    cues, line_cues = _cues(text)
    strong_lowercase = {m.end() for m in WEAK_CUE_LOWERCASE.finditer(text)}
    after_article = {m.end() for m in ARTICLE_BEFORE.finditer(text)}
    seen_or_heard = {m.end() for m in SEEN_OR_HEARD.finditer(text)}
    spans = []
    for i, match in enumerate(tokens):
        token, start = match.group(), match.start()
        if start not in cues and token.islower() and (token in _COMMON or _plain_word(token)):
            continue  # the bulk of a story: lowercase words no cue points at that cannot be names
        base = _base(token)
        if len(base) < 2 or token.isupper() or base.lower() in NOT_NAMES:
            continue  # an acronym ("BSN", "GGD") is no name
        if OTHER_SCRIPT.fullmatch(token):
            spans.append(Span("persoon", start, match.end(), 1))  # Arabic, Cyrillic, ... in Dutch text: a name
            continue
        capitalised, initial = _capitalised(token), _sentence_initial(text, start)
        cue = cues.get(start) if not initial or start in line_cues else None
        if any(a <= start < b for a, b in blocked) and not cue:
            continue  # a place deduce knows, unless a cue says person ("mijn zoon heet Philippine")
        priority = 2 if cue and _cue_accepts(cue, base, capitalised=capitalised, weak_lowercase=start in strong_lowercase,
                                             followed_by_end=bool(CLAUSE_END.match(text, match.end()))) else 0
        if not priority and lexicon.is_listed_name(base):
            if capitalised and not initial and not _nationality(base):
                priority = 1
            elif capitalised and lexicon.zipf(base) < 4.0:
                priority = 1
            elif not capitalised and lexicon.zipf(base) < 3.0 and start not in after_article:
                priority = 1  # "kasia", not "de hort"
            elif not capitalised and lexicon.zipf(base) < 4.0 and start not in after_article \
                    and (ACTS_AFTER.match(text, match.end()) or start in seen_or_heard):
                priority = 1  # "ruud zei", "ik zag marloes", "alles goed dex?"; not "bos en heide"
            elif i + 1 < len(tokens) and _surname_follows(text, match, tokens[i + 1]):
                priority = 1
        if not priority and spans and COORDINATION.fullmatch(text, spans[-1].end, start) and lexicon.is_listed_name(base) \
                and lexicon.can_be_first_name(base) and lexicon.zipf(base) < 4.5 and not _nationality(base):
            priority = 1  # "aya en sami": the word joined to a name is a name too
        if not priority and not capitalised and i + 1 < len(tokens) and _lowercase_full_name(text, match, tokens[i + 1]):
            priority = 1  # "lieke velderman", "nadia van rijnsbergen"
        if not priority and capitalised and not initial and token != base and lexicon.name_code(base) is None \
                and lexicon.zipf(base) < 2.0:
            priority = 1  # "Esna's": the possessive of a word nobody knows is a name's
        if priority:
            spans.append(Span("persoon", start, match.end(), priority))
            spans += _surname_after(text, tokens, i, priority)
            spans += _first_name_before(text, tokens, i, priority)
    return spans


def _plain_word(token: str) -> bool:
    """A lowercase word no list has, or a frequent Dutch word that is also a name ('was', 'roos')."""
    code = lexicon.name_code(token)
    return code is None or (code[0] == "A" and lexicon.zipf(token) >= 4.8)


def _lowercase_full_name(text: str, first: regex.Match, following: regex.Match) -> bool:
    """A lowercase first name, then (prefixes and) a surname no Dutch list has: 'lieke velderman'."""
    word = _base(first.group())
    code = lexicon.name_code(word)
    if code is None or code[1] not in "FB" or lexicon.zipf(word) >= 4.8 or word in _COMMON:
        return False
    tail = SURNAME_TAIL.match(text, first.end())
    if not tail:
        return False
    surname = tail.group("surname")
    surname_code = lexicon.name_code(surname)
    return (surname_code is not None and surname_code[0] == "N" and surname_code[1] in "LB"
            and lexicon.zipf(surname) < 3.5) or (surname_code is None and lexicon.zipf(surname) < 2.0
                                                 and not ROLE_NOUN.search(surname) and len(surname) >= 3)


def _first_name_before(text: str, tokens: list, i: int, priority: int) -> list[Span]:
    """A capitalised word nobody knows right before a found surname: 'Abdulbekir Soylu'."""
    if i == 0 or not text[tokens[i - 1].end():tokens[i].start()].isspace() or not _capitalised(tokens[i].group()):
        return []
    previous = tokens[i - 1]
    word = previous.group()
    if (_capitalised(word) and not _sentence_initial(text, previous.start()) and lexicon.name_code(word) is None
            and lexicon.zipf(word) < 2.0 and word.lower() not in NOT_NAMES):
        return [Span("persoon", previous.start(), previous.end(), priority)]
    return []


def _nationality(base: str) -> bool:
    return base.lower() in NATIONALITIES


def _surname_follows(text: str, first: regex.Match, following: regex.Match) -> bool:
    """'kevin jansen', 'Kevin Jansen': a first name directly followed by a listed surname."""
    word = following.group()
    return (lexicon.can_be_first_name(_base(first.group())) and text[first.end():following.start()].isspace()
            and lexicon.is_listed_name(_base(word)) and lexicon.can_be_surname(_base(word))
            and min(lexicon.zipf(_base(first.group())), lexicon.zipf(_base(word))) < 4.0)


def _surname_after(text: str, tokens: list, i: int, priority: int) -> list[Span]:
    """The surname after a found first name: 'Shurandy Martina', 'Kasia van der Berg', 'kasia nowak'."""
    j = i + 1
    spans: list[Span] = []
    while j < len(tokens) and tokens[j].group().lower() in PREFIXES and text[tokens[j - 1].end():tokens[j].start()].isspace():
        j += 1
    if j >= len(tokens) or not text[tokens[j - 1].end():tokens[j].start()].isspace():
        return spans
    word = _base(tokens[j].group())
    capitalised = _capitalised(tokens[j].group())
    listed = lexicon.is_listed_name(word) and lexicon.can_be_surname(word)
    unknown = lexicon.name_code(word) is None and lexicon.zipf(word) < 2.5
    lower_unknown = unknown and lexicon.zipf(word) < 2.0 and not ROLE_NOUN.search(word.lower())
    if word.lower() not in NOT_NAMES and ((capitalised and (listed or unknown or lexicon.can_be_surname(word)))
                                          or (not capitalised and (listed and lexicon.zipf(word) < 4.0
                                                                   or lower_unknown))):
        spans.append(Span("persoon", tokens[i + 1].start(), tokens[j].end(), priority))
    return spans


# -- titles ---------------------------------------------------------------------------

# Words that say who someone is; they stay in the text, only the name goes.
NAME_PART = r"\p{Lu}[\p{Ll}'’-]+(?:-\p{Lu}[\p{Ll}'’-]+)?"
SURNAME_PREFIX = r"(?i:van der|van den|van de|van 't|van|de|den|der|ter|ten|te|op de|in 't|in het|het|la|le|el|al)"
TITLED_NAME = regex.compile(
    r"\b(?i:mevrouw|meneer|mevr\.|mw\.|dhr\.|de heer|heer|juf|juffrouw|meester|dokter|dr\.|wethouder|burgemeester|"
    r"collega|directeur|teamleider|buurvrouw|buurman|mentor|huisarts|consulent|gezinscoach)\s+"
    rf"((?:\p{{Lu}}\.\s?)*(?:{SURNAME_PREFIX}\s+)?{NAME_PART}(?:\s+(?:{SURNAME_PREFIX}\s+)?{NAME_PART})?)",
    regex.V1,
)
# "J.W. van Beek", "M. Slot", "J.M.A. (Hans) Peeters": initials, maybe a called name, a surname
INITIALS_NAME = regex.compile(rf"\b(?:\p{{Lu}}\.\s?){{1,4}}(?:\(\p{{Lu}}\p{{Ll}}+\)\s+)?(?:{SURNAME_PREFIX}\s+)?{NAME_PART}")
# "Naam: Alsayed, Rania" on a form: whatever name follows the label, also surname first
NAME_LABEL = regex.compile(
    r"(?m)\b(?i:naam|volledige naam|achternaam|voornaam|voornamen|roepnaam|naam kind|naam ouder|naam cliënt)[ \t]*:[ \t]*"
    r"(?P<name>(?:\p{Lu}[\p{L}'’-]*\.?|van|de|der|den|ter|ten|el|al)(?:(?:[ \t]+|,[ \t]*)"
    r"(?:\p{Lu}[\p{L}'’-]*\.?|van|de|der|den|ter|ten|el|al)){0,4})")
# "mevrouw van der linden": a title, a surname prefix, a lowercase surname
TITLED_LOWERCASE = regex.compile(
    r"\b(?i:mevrouw|meneer|mevr\.|mw\.|dhr\.|de heer|juf|meester|dokter|dr\.)\s+"
    r"(?P<name>(?:van der|van den|van de|van 't|van|de|den|der|ter|ten|op de)\s+\p{Ll}{3,})(?!\p{L})")


def find_titled_names(text: str) -> list[Span]:
    spans = []
    for match in TITLED_NAME.finditer(text):
        name = match.group(1)
        capitals = [w for w in name.split() if w[0].isupper()]
        first_word = capitals[0].lower().rstrip(".") if capitals else ""
        if not first_word or first_word in NOT_NAMES and not (
                len(capitals) >= 2 and capitals[-1].lower() not in NOT_NAMES and lexicon.is_listed_name(capitals[-1])):
            continue  # "meneer van Praagh" and "mevrouw Mei Chen" count; "wethouder Jeugd" does not
        spans.append(Span("persoon", match.start(1), match.end(1), 2))
    for match in INITIALS_NAME.finditer(text):
        if _initial_then_word(match.group()) and not _own_line(text, match):
            continue  # "gezin B. Dat was ...": an initial, then a new sentence; not "M. Slot" under a letter
        spans.append(Span("persoon", match.start(), match.end(), 2))
    for match in NAME_LABEL.finditer(text):
        spans.append(Span("persoon", match.start("name"), match.end("name"), 2))
    for match in TITLED_LOWERCASE.finditer(text):
        if lexicon.zipf(match.group("name").split()[-1]) < 4.0:  # not "mevrouw van de school"
            spans.append(Span("persoon", match.start("name"), match.end("name"), 2))
    return spans


def _own_line(text: str, match) -> bool:
    """A signature: the name stands alone on its line."""
    before = text[:match.start()].rsplit("\n", 1)[-1]
    after = text[match.end():].split("\n", 1)[0]
    return not before.strip() and not after.strip(" ,")


def _initial_then_word(piece: str) -> bool:
    """'B. Dat': an initial that ends a sentence, then an ordinary word."""
    last = piece.split()[-1]
    if re.match(r"^(?:[A-Z]\.\s?){2,}", piece) or len(piece.split()) > 2:
        return False  # "J.W. van Beek": two initials or a surname prefix make a name
    return bool(re.match(r"^(?:[A-Z]\.\s?)+\S", piece)) and not lexicon.is_listed_name(last) \
        and lexicon.zipf(last) >= 4.0


def find_given_names(text: str, given: tuple[str, ...]) -> list[Span]:
    """Words the teller marked as names in the preview ("is dit een naam?"), everywhere in the text."""
    wanted = {_base(word.strip()).lower() for word in given if len(word.strip()) >= 2}
    return [Span("persoon", m.start(), m.end(), 2) for m in TOKEN.finditer(text) if _base(m.group()).lower() in wanted]


# "fam. de Vries", "welke de Vries ": a surname prefix, then a capitalised word the list knows as a
# surname. Not plain "van": "van Breda" is more often where someone comes from.
PARTICLE_SURNAME = regex.compile(
    r"(?<![\p{L}-])(?P<name>(?i:van der|van den|van de|van 't|de|den|der|ter|ten|op de|in 't)\s+"
    r"(?P<surname>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?))(?![\p{L}-])", regex.V1)


def find_particle_surnames(text: str, *, places: Sequence[Span] = ()) -> list[Span]:
    spans = []
    for match in PARTICLE_SURNAME.finditer(text):
        surname = match.group("surname")
        if any(p.start < match.end() and match.start() < p.end for p in places):
            continue  # "Den Haag", "Ter Apel": a place deduce knows
        code = lexicon.name_code(surname)
        if code is not None and code[0] == "N" and lexicon.can_be_surname(surname) \
                and surname.lower() not in NOT_NAMES and not _nationality(surname):
            spans.append(Span("persoon", match.start("name"), match.end("name"), 1))
    return spans
