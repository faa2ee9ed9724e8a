"""The anonymiser's front stage: text as a reader sees it, before any recognizer looks at it.

People (and people who want an identifier to slip through) type the same thing in many ways:
a zero-width space or a soft hyphen inside a phone number or a name, accents as a letter plus
a combining mark, fullwidth digits, a name reversed inside a right-to-left override,
``naam [at] domein [punt] nl``, ``pieter&#46;jansen@...``, ``06-1two345678``, a phone number
broken over two lines. :func:`normalise` turns all of these into the plain form every recognizer
knows, once, so no recognizer has to know about disguises:

1. HTML character references are decoded (``&#46;`` -> ``.``, ``&amp;`` -> ``&``, ``&#8203;`` -> a
   zero-width space, removed in the next step).
2. Text inside a right-to-left override (U+202E, up to U+202C or the end of the line) is put back
   in reading order; then every format character (Unicode category Cf: zero-width spaces and
   joiners, soft hyphens, bidi controls, the byte-order mark) is removed.
3. Unicode NFKC for letters, digits, spaces and the fullwidth forms: precomposed accents,
   compatibility forms (``０６`` -> ``06``, ``＠`` -> ``@``), no-break spaces -> spaces, hyphen
   look-alikes -> ``-``; other symbols only NFC (``‼`` stays, and so do emoji joiners).
4. E-mail addresses written out (``[at]``, ``(apenstaartje)``, ``at ... dot``, ``[punt]``) are
   read as the address they stand for.
5. Inside a run of nine to thirteen digits (one phone number, BSN or account), separators such as a
   line break, ``/``, ``·`` or ``|`` become spaces, and number words glued to digits become
   digits (``06-1two345678`` -> ``06-12345678``).

The result keeps, for every character, the span of the original text it came from, so a
recognizer's span can be mapped back (:meth:`Normalised.original_span`): a replacement then
covers the whole original, hidden characters included. What Storybank stores is the normalised
text, anonymised.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

RLO, PDF = "\u202e", "\u202c"
HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\ufe63": "-"}
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AT = r"(?:at|apenstaartje|@)"
_DOT = r"(?:dot|punt|\.)"
EMAIL_WRITTEN_OUT = re.compile(
    r"(?P<local>[\w.+-]*\w)\s*"
    rf"(?P<at>\[\s*{_AT}\s*\]|\(\s*{_AT}\s*\)|\{{\s*{_AT}\s*\}}|(?<=\s)(?:at|apenstaartje)(?=\s))\s*"
    r"(?P<domain>[\w-]+(?:\s*(?:\[\s*" + _DOT + r"\s*\]|\(\s*" + _DOT + r"\s*\)|(?<=\s)(?:dot|punt)(?=\s)|\.)\s*[\w-]+)+)",
    re.IGNORECASE)
DOMAIN_DOT = re.compile(r"\s*(?:\[\s*" + _DOT + r"\s*\]|\(\s*" + _DOT + r"\s*\)|(?<=\s)(?:dot|punt)(?=\s)|\.)\s*",
                        re.IGNORECASE)
NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4",
    "vijf": "5", "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# A token of digits and hyphens with number words glued to a digit: "06-1two345678".
GLUED_NUMBER = re.compile(rf"(?<![\w])(?:\d|{_NUMBER_WORD})(?:[\d-]|{_NUMBER_WORD})*(?![\w])", re.IGNORECASE)
GLUED_WORD = re.compile(rf"(?<=\d)(?:{_NUMBER_WORD})|(?:{_NUMBER_WORD})(?=\d)", re.IGNORECASE)
# Digits with separators between them; a run of nine or more digits is one number however typed.
# A line break counts only before two digits: "...6215\n9. E-mail" is a numbered list, not one number.
DIGIT_RUN = re.compile(r"\d(?:(?:[ \-./·•|\u00b7]{1,3}|\n(?=\d\d))\d|\d)+")
RUN_SEPARATORS = re.compile(r"[/·•|\n\u00b7]")
MIN_RUN_DIGITS, MAX_RUN_DIGITS = 9, 13  # one phone number, BSN or account; two numbers side by side stay apart
JOINERS = ("\u200d", "\u200c")  # kept between symbols: they build emoji ("🤦‍♂️"), not words


@dataclass(frozen=True)
class Normalised:
    """The normalised text, and for each of its characters the original span it came from."""

    text: str
    origins: tuple[tuple[int, int], ...]
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original text behind ``text[start:end]`` (hidden characters included)."""
        if start >= end:
            position = self.origins[start][0] if start < len(self.origins) else len(self.original)
            return position, position
        covered = self.origins[start:end]
        return min(s for s, _ in covered), max(e for _, e in covered)

    @property
    def changed(self) -> bool:
        return self.text != self.original


class _Chars:
    """A text under construction: characters with their original spans."""

    def __init__(self, chars: list[tuple[str, int, int]]):
        self.chars = chars

    @classmethod
    def of(cls, text: str) -> _Chars:
        return cls([(c, i, i + 1) for i, c in enumerate(text)])

    @property
    def text(self) -> str:
        return "".join(c for c, _, _ in self.chars)

    def substitute(self, pattern: re.Pattern, replace) -> _Chars:
        """Replace each match by ``replace(match)`` (None: keep); new characters inherit the match's span."""
        text, position = self.text, 0
        out: list[tuple[str, int, int]] = []
        for match in pattern.finditer(text):
            new = replace(match)
            if new is None or new == match.group():
                continue
            out += self.chars[position:match.start()]
            covered = self.chars[match.start():match.end()]
            start, end = min(s for _, s, _ in covered), max(e for _, _, e in covered)
            out += [(c, start, end) for c in new]
            position = match.end()
        return _Chars(out + self.chars[position:]) if position else self


def normalise(text: str) -> Normalised:
    chars = _Chars.of(text)
    if "&" in text:
        chars = chars.substitute(ENTITY, lambda m: html.unescape(m.group()))
    if not chars.text.isascii():
        chars = _Chars(_nfkc(_visible_order(chars.chars)))
    chars = chars.substitute(EMAIL_WRITTEN_OUT, _email)
    chars = chars.substitute(GLUED_NUMBER, _glued_number)
    chars = chars.substitute(DIGIT_RUN, _digit_run)
    return Normalised(chars.text, tuple((s, e) for _, s, e in chars.chars), text)


def _visible_order(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Undo right-to-left overrides, then drop every format character (category Cf)."""
    out: list[tuple[str, int, int]] = []
    index = 0
    while index < len(chars):
        char = chars[index][0]
        if char == RLO:
            end = index + 1
            while end < len(chars) and chars[end][0] not in (PDF, "\n"):
                end += 1
            out += reversed(chars[index + 1:end])
            index = end + (end < len(chars) and chars[end][0] == PDF)
            continue
        out.append(chars[index])
        index += 1
    return [item for index, item in enumerate(out)
            if unicodedata.category(item[0]) != "Cf" or _joins_symbols(out, index)]


def _joins_symbols(chars: list[tuple[str, int, int]], index: int) -> bool:
    """A zero-width joiner between two symbols is part of an emoji, not a disguise inside a word."""
    if chars[index][0] not in JOINERS or index == 0 or index + 1 == len(chars):
        return False
    return not (chars[index - 1][0].isalnum() or chars[index + 1][0].isalnum())


def _nfkc(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """NFKC per cluster (a character and the combining marks after it); hyphen look-alikes -> '-'."""
    out: list[tuple[str, int, int]] = []
    index = 0
    while index < len(chars):
        end = index + 1
        while end < len(chars) and unicodedata.combining(chars[end][0]):
            end += 1
        cluster = chars[index:end]
        source = "".join(c for c, _, _ in cluster)
        start, stop = min(s for _, s, _ in cluster), max(e for _, _, e in cluster)
        if source.isascii() or not _compatibility_applies(source[0]):
            out += cluster if source.isascii() else [(c, start, stop) for c in unicodedata.normalize("NFC", source)]
        else:
            normal = unicodedata.normalize("NFKC", source)
            out += [(HYPHENS.get(c, c), start, stop) for c in normal]
        index = end
    return out


def _compatibility_applies(char: str) -> bool:
    """NFKC for letters, digits, spaces and the fullwidth forms; symbols such as '‼' keep their form."""
    return unicodedata.category(char)[0] in "LNZ" or "\uff00" <= char <= "\uffef" or char in HYPHENS


def _email(match: re.Match) -> str | None:
    domain_parts = [p for p in DOMAIN_DOT.split(match.group("domain")) if p]
    if len(domain_parts) < 2 or not re.fullmatch(r"[A-Za-z]{2,6}", domain_parts[-1]):
        return None
    return f"{match.group('local')}@{'.'.join(domain_parts)}"


def _glued_number(match: re.Match) -> str | None:
    token = match.group()
    if not GLUED_WORD.search(token):
        return None
    digits = GLUED_WORD.sub(lambda m: NUMBER_WORDS[m.group().lower()], token)
    return digits if sum(c.isdigit() for c in digits) >= MIN_RUN_DIGITS - 1 else None


def _digit_run(match: re.Match) -> str | None:
    run = match.group()
    if not MIN_RUN_DIGITS <= sum(c.isdigit() for c in run) <= MAX_RUN_DIGITS or not RUN_SEPARATORS.search(run):
        return None
    if ("/" in run or "|" in run) and not run.startswith("0"):
        return None  # "2024/08/5533" is a case number as written, not a phone number cut by slashes
    return re.sub(r" {2,}", " ", RUN_SEPARATORS.sub(" ", run))
