"""Anonymise JSON Lines: one record per line, every free-text field anonymised.

For data managers who hand over a file of texts, and for imports checked
before they are loaded: one process, so deduce loads once for all records.
A record needs a string ``text``; every other string field is anonymised too,
except fields that hold codes (``STRUCTURAL``). Lists of strings are
anonymised element by element; numbers, booleans and nulls pass unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .anonymise import anonymise

STRUCTURAL = frozenset({"id", "told", "month", "year", "narrator_role", "role", "organisation_type", "organisation",
                        "patterns", "lang", "language", "source", "status", "created_at", "date"})


@dataclass(frozen=True)
class BadLine:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def anonymise_record(record: dict) -> dict:
    """The record with its free-text fields anonymised and their findings under "findings"."""
    out: dict = {}
    findings: dict[str, list[dict] | list[list[dict]]] = {}  # a text's findings, or each text's in a list
    for key, value in record.items():
        if key in STRUCTURAL or key == "findings":
            out[key] = value
        elif isinstance(value, str):
            result = anonymise(value)
            out[key], findings[key] = result.text, [f.as_dict() for f in result.findings]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            results = [anonymise(v) for v in value]
            out[key] = [r.text for r in results]
            findings[key] = [[f.as_dict() for f in r.findings] for r in results]
        else:
            out[key] = value
    out["findings"] = findings
    return out


def anonymise_jsonl(lines: Iterable[str]) -> Iterator[dict | BadLine]:
    """Each line's anonymised record, or a BadLine saying why it was skipped; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield BadLine(number, f"not JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield BadLine(number, "expected a JSON object")
        elif not isinstance(record.get("text"), str):
            yield BadLine(number, "'text' is missing or not a string")
        else:
            yield anonymise_record(record)
