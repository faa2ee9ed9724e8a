"""Bulk import: every record anonymised, checked against what is stored, then queued.

Re-importing a file adds nothing: a record whose anonymised text hashes like a
stored story is counted as a duplicate. A malformed record is reported with
its line and skipped; the others are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import lifecycle
from ..exchange.k2 import read_k2
from ..exchange.records import Record, RecordError, read_csv, read_jsonl
from ..extensions import db
from ..models import Pattern, Story, StoryPattern
from . import addresses, intake

READERS = {"jsonl": read_jsonl, "csv": read_csv, "k2": read_k2}


@dataclass
class ImportReport:
    imported: int = 0
    duplicate: int = 0
    skipped: list[RecordError] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.imported} imported, {self.duplicate} duplicate, {len(self.skipped)} skipped"


def parse(text: str, fmt: str) -> tuple[list[Record], list[RecordError]]:
    return READERS[fmt](text)


def import_records(records: list[Record], *, publish: bool = False, progress=None) -> ImportReport:
    report = ImportReport()
    known = {p.slug: p for p in db.session.scalars(select(Pattern))}
    for record in records:
        problem = _problem(record, known, publish)
        if problem:
            report.skipped.append(RecordError(record.line, problem))
        else:
            assert record.month is not None and record.year is not None  # _problem refuses a record without them
            submission = intake.Submission(
                title=record.title, narrator_role=record.narrator_role, text=record.text, month=record.month,
                year=record.year, narrator_role_other=record.narrator_role_other,
                organisation_type=record.organisation_type, teller_places=tuple(record.patterns),
                narrator_label=record.narrator_label)
            result = intake.preview(submission)
            if db.session.scalar(select(Story.id).where(Story.content_hash == intake.content_hash(result.text.text))):
                report.duplicate += 1
            else:
                then = _publisher(record, known) if publish else None
                intake.store(submission, result, source="import", then=then)
                report.imported += 1
        if progress:
            progress(1)
    return report


def _publisher(record: Record, known: dict):
    """``import --publish``: the file's places are the adviser's choice, so the story is published in
    the transaction that stores it, through the lifecycle like any publication."""
    def publish(story: Story) -> None:
        story.assignments = [StoryPattern(pattern_id=known[slug].id, rank=rank, source="adviser")
                             for rank, slug in enumerate(record.patterns)]
        lifecycle.transition(story, "publish", seen_version=None, detail="via import: " + ", ".join(record.patterns))
        addresses.assign(story)
    return publish


def _problem(record: Record, known: dict, publish: bool) -> str | None:
    if record.month is None or record.year is None:
        return "no month and year"
    if not 1 <= record.month <= 12 or not 2000 <= record.year <= datetime.now().year:
        return f"date {record.month}-{record.year} is not valid"
    unknown = [slug for slug in record.patterns if slug not in known]
    if unknown:
        return f"unknown place(s): {', '.join(unknown)}"
    if publish and not record.patterns:
        return "--publish needs at least one place per story"
    return None
