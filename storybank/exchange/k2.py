"""The text of the K2 transformation-stories site: patterns as headings, then stories.

A story is "» Title", a line "Een ... vertelt", its paragraphs and a month and
year ("Juni 2015", "April, 2016"). A story listed under two patterns is one
story with both. Anything without a "vertelt" line (tips, colophon) is skipped.
"""

from __future__ import annotations

import re

from ..vocabulary import DUTCH_MONTHS
from .records import Record

# The site's pattern headings and our place slugs.
HEADINGS = {
    "Transformatieruimte": "ruimte",
    "Spanning transformeren en contracteren": "spanning",
    "Verantwoordelijkheid professionals": "verantwoordelijkheid",
    "Rolopvatting gemeenten": "rolopvatting",
    "Samenspel gemeenten en aanbieders": "samenspel",
    "Stroperigheid": "stroperigheid",
    "Inspirerend leiderschap": "leiderschap",
    "Participatie": "participatie",
    "Het nieuwe werken": "nieuwe-werken",
    "Passende organisatie": "passende-organisatie",
}
TITLE = re.compile(r"^»\s*(.+?)\s*$")
NARRATOR = re.compile(r"^\s*(Een .+? vertelt)\s*:?\s*$")
DATE = re.compile(rf"^\s*({'|'.join(DUTCH_MONTHS)}),?\s+((?:19|20)\d\d)\s*$", re.I)
END = re.compile(r"^\s*\[sluiten\]")
# Narrator words and the controlled role they map to, most specific first.
ROLE_WORDS = [
    ("manager jeugdteam", "manager-jeugdteam"), ("wethouder", "wethouder"), ("inkoper", "inkoper"),
    ("beleidsmedewerker", "beleidsmedewerker"), ("afdelingshoofd", "afdelingshoofd"),
    ("bestuurder", "bestuurder-zorgaanbieder"), ("procesbegeleider", "procesbegeleider"),
    ("professional", "jeugdprofessional"), ("leidinggevende", "manager-zorgaanbieder"),
    ("projectleider", "beleidsmedewerker"),
]


def narrator_role(label: str) -> tuple[str, str | None]:
    lowered = label.lower()
    for words, role in ROLE_WORDS:
        if words in lowered:
            return role, None
    core = re.sub(r"^een\s+|\s+vertelt$", "", label.strip(), flags=re.I)
    return "anders", core[:120]


def read_k2(text: str) -> tuple[list[Record], list]:
    lines = text.splitlines()
    stories: dict[str, Record] = {}
    pattern = None
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line in HEADINGS:
            pattern = HEADINGS[line]
        title = TITLE.match(lines[i])
        if title and pattern:
            record, i = _read_story(lines, i, title[1], pattern)
            if record is not None:
                key = " ".join(record.text.split())[:200]  # one story may carry two titles
                if key in stories:
                    if pattern not in stories[key].patterns:
                        stories[key].patterns.append(pattern)
                else:
                    stories[key] = record
            continue
        i += 1
    return list(stories.values()), []


def _read_story(lines: list[str], start: int, title: str, pattern: str) -> tuple[Record | None, int]:
    i = start + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    narrator = NARRATOR.match(lines[i]) if i < len(lines) else None
    if narrator is None:
        return None, start + 1
    paragraphs, month, year = [], None, None
    i += 1
    while i < len(lines) and not END.match(lines[i]) and not TITLE.match(lines[i]):
        date = DATE.match(lines[i])
        if date:
            month, year = DUTCH_MONTHS.index(date[1].lower()) + 1, int(date[2])
        elif lines[i].strip():
            paragraphs.append(" ".join(lines[i].split()))
        i += 1
    role, other = narrator_role(narrator[1])
    record = Record(line=start + 1, title=title, text="\n\n".join(paragraphs), narrator_role=role,
                    narrator_role_other=other, narrator_label=narrator[1], month=month, year=year,
                    patterns=[pattern])
    return (record if paragraphs else None), i
