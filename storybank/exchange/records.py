"""Story records read from a file, each with the line it started on."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from ..vocabulary import DUTCH_MONTHS, NARRATOR_ROLES, ORGANISATION_TYPES


@dataclass
class Record:
    line: int
    title: str
    text: str
    narrator_role: str = "anders"
    narrator_role_other: str | None = None
    narrator_label: str | None = None
    organisation_type: str | None = None
    month: int | None = None
    year: int | None = None
    patterns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecordError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _date(value, record: dict) -> tuple[int | None, int | None]:
    if value:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not match:
            raise ValueError(f"'told' must be YYYY-MM, got {value!r}")
        return int(match[2]), int(match[1])
    month, year = record.get("month"), record.get("year")
    if isinstance(month, str) and month.strip().lower() in DUTCH_MONTHS:
        month = DUTCH_MONTHS.index(month.strip().lower()) + 1
    return (int(month) if month not in (None, "") else None), (int(year) if year not in (None, "") else None)


def record_from_mapping(line: int, data: dict) -> Record:
    """Validate one JSONL/CSV record; raise ValueError with a readable message."""
    if not isinstance(data, dict):
        raise ValueError("expected an object with story fields")
    title, text = (data.get("title") or "").strip(), (data.get("text") or "").strip()
    if not title or not text:
        raise ValueError("'title' and 'text' are required")
    role = (data.get("narrator_role") or data.get("role") or "anders").strip()
    if role not in NARRATOR_ROLES:
        raise ValueError(f"unknown narrator role {role!r}")
    organisation = (data.get("organisation_type") or data.get("organisation") or "").strip() or None
    if organisation and organisation not in ORGANISATION_TYPES:
        raise ValueError(f"unknown organisation type {organisation!r}")
    month, year = _date(data.get("told"), data)
    patterns = data.get("patterns") or []
    if isinstance(patterns, str):
        patterns = [p.strip() for p in re.split(r"[;,|]", patterns) if p.strip()]
    if not isinstance(patterns, list):
        raise ValueError("'patterns' must be a list of place slugs")
    return Record(line=line, title=title, text=text, narrator_role=role,
                  narrator_role_other=(data.get("narrator_role_other") or data.get("role_other") or None),
                  narrator_label=data.get("narrator") or data.get("narrator_label") or None,
                  organisation_type=organisation, month=month, year=year, patterns=list(patterns))


def read_jsonl(text: str) -> tuple[list[Record], list[RecordError]]:
    records, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(record_from_mapping(number, json.loads(line)))
        except (ValueError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            errors.append(RecordError(number, str(error)))
    return records, errors


def read_csv(text: str) -> tuple[list[Record], list[RecordError]]:
    records, errors = [], []
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        number = reader.line_num
        try:
            records.append(record_from_mapping(number, row))
        except (ValueError, TypeError) as error:
            errors.append(RecordError(number, str(error)))
    return records, errors
