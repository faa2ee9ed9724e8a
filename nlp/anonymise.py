"""Anonymise a Dutch story before anything is stored or shown.

Direct identifiers (names, e-mail, phone numbers, BSN, IBAN, addresses,
postcodes, licence plates, dates of birth, other personal numbers) are
replaced by Dutch placeholders, numbered per story so the text stays
readable: "[persoon 1] belde [persoon 2]". Quasi-identifiers (places,
schools and organisations, countries of origin, exact dates, ages) stay in the
text but are flagged, because only an adviser can judge whether they make
someone recognisable.

Built on ``deduce`` for Dutch names and places, plus our own rules:
``identifiers`` and ``dates`` for structured identifiers, ``names`` for names
from anywhere in the world and in any case, ``quasi`` for flags and warnings.
deduce takes seconds and about a gigabyte to load, so it is loaded once per
process, lazily, on first use.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import identifiers as rules
from . import names, people, quasi
from .normalise import normalise

PLACEHOLDERS = {
    "persoon": "persoon", "e-mail": "e-mail", "telefoonnummer": "telefoonnummer", "bsn": "BSN",
    "iban": "IBAN", "adres": "adres", "postcode": "postcode", "kenteken": "kenteken",
    "geboortedatum": "geboortedatum", "nummer": "nummer", "url": "website", "handle": "account",
    "dossiernummer": "dossiernummer",
}
QUASI_KINDS = ("plaats", "organisatie", "herkomst", "datum", "leeftijd")


@dataclass(frozen=True)
class Finding:
    """One identifier: where it is in the anonymised text and what was done.

    The original string is deliberately not kept: findings are stored.
    """

    kind: str
    start: int
    end: int
    original_length: int
    replaced: bool

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "original_length": self.original_length, "replaced": self.replaced}


@dataclass(frozen=True)
class Anonymised:
    text: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def replacements(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.replaced)

    @property
    def flags(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.replaced)

    def as_dict(self) -> dict:
        return {"text": self.text, "findings": [f.as_dict() for f in self.findings]}


# -- deduce, loaded once -------------------------------------------------------------

_deduce = None
_deduce_lock = threading.Lock()


def deduce_cache_path() -> Path:
    """Where deduce keeps its 77 MB lookup cache: built once per machine, not per run."""
    configured = os.environ.get("STORYBANK_DEDUCE_CACHE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "storybank" / "deduce"


def load_deduce():
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            import logging
            import warnings

            root = logging.getLogger()
            handlers, level = root.handlers[:], root.level
            # deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) on
            # import, which would send every log line of the process to stdout.
            from deduce import Deduce

            root.handlers[:] = handlers
            root.setLevel(level)
            path = deduce_cache_path()
            path.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # deduce's dependencies warn on import
                _deduce = Deduce(cache_path=str(path))
        return _deduce


def deduce_is_loaded() -> bool:
    return _deduce is not None


# -- the pipeline ----------------------------------------------------------------------


def anonymise(text: str, *, given_names: tuple[str, ...] = (),
              numbering: people.PersonNumbering | None = None) -> Anonymised:
    """Replace direct identifiers, flag quasi-identifiers, return both.

    The text is normalised first (``normalise``: hidden characters, compatibility forms, written-out
    e-mail addresses, ...): the result is the normalised text, anonymised, and its findings point
    into it. ``given_names`` are words the teller marked as names in the preview. ``numbering`` is
    shared by the fields of one story (title, text, role words), so one person keeps one number;
    by default it continues after any ``[persoon N]`` the text already holds.
    """
    normal = normalise(text).text
    numbering = numbering or people.PersonNumbering.after_placeholders(normal)
    return _render(normal, _find(normal, given_names=tuple(normalise(n).text for n in given_names)), numbering)


def find_spans(text: str, *, given_names: tuple[str, ...] = ()) -> list[rules.Span]:
    """Every identifier as a span of the original ``text``, overlaps resolved.

    Recognizers read the normalised text; each span is mapped back to the whole stretch of the
    original it came from, hidden characters and disguises included."""
    normal = normalise(text)
    spans = _find(normal.text, given_names=tuple(normalise(n).text for n in given_names))
    if not normal.changed:
        return spans
    return [rules.Span(s.kind, *normal.original_span(s.start, s.end), priority=s.priority) for s in spans]


def _find(text: str, *, given_names: tuple[str, ...] = ()) -> list[rules.Span]:
    """The recognizers and the overlap rules, on normalised text."""
    spans = rules.find_structured(text)
    spans += names.find_titled_names(text) + names.find_given_names(text, given_names)
    found_by_deduce = _deduce_spans(text)
    flags = quasi.find_quasi(text)
    places = [s for s in found_by_deduce + flags if s.kind in ("plaats", "organisatie", "herkomst")]
    spans += found_by_deduce + flags + names.find_names(text, places=places)
    spans += names.find_particle_surnames(text, places=places)
    spans = rules.resolve_overlaps(people.unite_overlapping(people.drop_ordinary_words(text, spans)))
    spans = people.merge_adjacent(text, rules.resolve_overlaps(people.propagate(text, spans)))
    return spans


def is_replaced(kind: str) -> bool:
    return kind in PLACEHOLDERS


def _deduce_spans(text: str) -> list[rules.Span]:
    document = load_deduce().deidentify(text, disabled={"bsn", "telefoonnummer", "emailadres", "url"})
    spans = []
    for annotation in document.annotations:
        kind = rules.DEDUCE_KINDS.get(annotation.tag)
        if kind is None:
            continue
        start, end = annotation.start_char, annotation.end_char
        if kind == "persoon":
            trimmed = people.trim_person(text, start, end)
            if trimmed is None:
                continue
            start, end = trimmed
        elif kind == "plaats" and any(c.isdigit() for c in text[start:end]):
            kind = "adres"  # deduce tags street + number as a location: it must go
        spans.append(rules.Span(kind, start, end, priority=1))
    return spans


def _render(text: str, spans: list[rules.Span], numbering: people.PersonNumbering) -> Anonymised:
    out, findings, position = [], [], 0
    length = 0
    for span in spans:
        out.append(text[position:span.start])
        length += span.start - position
        original = text[span.start:span.end]
        if span.kind in PLACEHOLDERS:
            label = PLACEHOLDERS[span.kind]
            if span.kind == "persoon":
                label = f"persoon {numbering.number(original)}"
            replacement = f"[{label}]"
            findings.append(Finding(span.kind, length, length + len(replacement), len(original), True))
        else:
            replacement = original
            findings.append(Finding(span.kind, length, length + len(original), len(original), False))
        out.append(replacement)
        length += len(replacement)
        position = span.end
    out.append(text[position:])
    return Anonymised("".join(out), tuple(findings))


def reidentification_warnings(anonymised: Anonymised, *, narrator_role: str | None = None,
                              rare_role: bool = False) -> list[str]:
    """Combinations of flagged quasi-identifiers, a rare role and an exact date (see ``quasi``).

    ``narrator_role`` is the role's label for the warning, ``rare_role`` whether it is a rare one:
    the caller's vocabulary knows its roles, this package does not."""
    flags = [(f.kind, anonymised.text[f.start:f.end]) for f in anonymised.flags]
    return quasi.reidentification_warnings(flags, narrator_role=narrator_role, rare_role=rare_role,
                                           text=anonymised.text)
