"""How a story enters Storybank: anonymise, preview, store the confirmed text.

The raw text exists only in the request that carries it. It is anonymised
before anything else happens, and only the anonymised text is stored; the
preview shows exactly that text, so what the teller confirms is what an
adviser will read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from datetime import datetime, timezone
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from nlp.anonymise import Anonymised, anonymise, reidentification_warnings

from ..extensions import db
from ..models import Story
from ..vocabulary import NARRATOR_ROLES
from . import audit
from .duplicates import nearest_duplicate

log = logging.getLogger(__name__)


class StorageUnavailable(RuntimeError):
    """The story could not be stored just now; nothing was."""


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass(frozen=True)
class Submission:
    """What a teller (or an import record) hands in, before anonymisation."""

    title: str
    narrator_role: str
    text: str
    month: int
    year: int
    narrator_role_other: str | None = None
    organisation_type: str | None = None
    teller_places: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None
    replaced: bool = False


@dataclass(frozen=True)
class Preview:
    title: Anonymised
    text: Anonymised
    warnings: list[str]

    @property
    def segments(self) -> list[Segment]:
        return segments_of(self.text)

    @property
    def fingerprint(self) -> str:
        """Ties a confirmation to the exact text the teller saw."""
        return content_hash(self.title.text + "\n" + self.text.text)


def segments_of(anonymised: Anonymised) -> list[Segment]:
    """The text cut at each finding, for highlighting in templates (which escape it)."""
    segments, position = [], 0
    for finding in anonymised.findings:
        if finding.start > position:
            segments.append(Segment(anonymised.text[position:finding.start]))
        segments.append(Segment(anonymised.text[finding.start:finding.end], finding.kind, finding.replaced))
        position = finding.end
    if position < len(anonymised.text):
        segments.append(Segment(anonymised.text[position:]))
    return segments


def preview(submission: Submission) -> Preview:
    title, text = anonymise(submission.title), anonymise(submission.text)
    return Preview(title, text, reidentification_warnings(text, narrator_role=submission.narrator_role))


def narrator_label(role: str, other: str | None) -> str:
    """'Een inkoper vertelt': the genre's way to introduce the teller."""
    label = other.strip() if role == "anders" and other else NARRATOR_ROLES.get(role, role)
    return f"Een {label[0].lower() + label[1:]} vertelt"


def content_hash(text: str) -> str:
    """The same story, however it is spaced or capitalised, hashes the same."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def make_reference() -> str:
    while True:
        code = "SB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(Story.id).where(Story.reference == code)):
            return code


def unique_slug(title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower().translate(str.maketrans("áàäâéèëêíìïîóòöôúùüûç", "aaaaeeeeiiiioooouuuuc")))
    base = base.strip("-")[:60].strip("-") or "verhaal"
    slug, number = base, 1
    while db.session.scalar(select(Story.id).where(Story.slug == slug)):
        number += 1
        slug = f"{base}-{number}"
    return slug


def store(submission: Submission, result: Preview, *, source: str = "form", status: str = "submitted") -> Story:
    """Store the anonymised story; the raw text never reaches the database."""
    story = Story(
        slug=unique_slug(result.title.text),
        title=result.title.text,
        narrator_label=narrator_label(submission.narrator_role, submission.narrator_role_other),
        narrator_role=submission.narrator_role,
        narrator_role_other=(submission.narrator_role_other or None) if submission.narrator_role == "anders" else None,
        organisation_type=submission.organisation_type or None,
        month=submission.month,
        year=submission.year,
        text=result.text.text,
        status=status,
        source=source,
        reference=make_reference(),
        teller_places=",".join(submission.teller_places) or None,
        findings=json.dumps([f.as_dict() for f in result.text.findings]),
        content_hash=content_hash(result.text.text),
        published_at=datetime.now(timezone.utc) if status == "published" else None,
    )
    try:
        story.near_duplicate_of_id = nearest_duplicate(story.text)
        db.session.add(story)
        db.session.flush()
        audit.record("submitted", story=story, detail=f"via {source}")
        db.session.commit()
    except OperationalError as error:
        # A database that cannot be written (a read-only disk, a lock that outlasted the timeout):
        # nothing was stored, and the caller still holds everything the teller typed.
        db.session.rollback()
        log.error("story not stored: %s", error.orig)
        raise StorageUnavailable() from None
    return story
