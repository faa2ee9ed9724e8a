"""How a story enters Storybank: anonymise, preview, store the confirmed text.

The raw text exists only in the request that carries it. It is anonymised
before anything else happens, and only the anonymised text is stored; the
preview shows exactly that text, so what the teller confirms is what an
adviser will read.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from nlp.anonymise import Anonymised, anonymise, reidentification_warnings
from nlp.language import other_language_notice
from nlp.people import PersonNumbering
from nlp.suspects import find_suspects

from .. import changes, lifecycle
from ..anonymity import Clean, clean, mark_clean
from ..extensions import db
from ..models import Story
from ..vocabulary import RARE_ROLES, narrator_line, role_label
from . import audit, duplicates

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
    narrator_label: str | None = None  # an import's own "Een ... vertelt" line, for role "anders"
    given_names: tuple[str, ...] = ()  # words the teller marked "is dit een naam?" -> replace


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None
    replaced: bool = False
    suspect: bool = False  # looks like a name nobody replaced: "is dit een naam?"


@dataclass(frozen=True)
class Preview:
    """Every free-text field of a submission, anonymised: what the teller sees and what is stored."""

    title: Anonymised
    text: Anonymised
    warnings: list[str]
    role_other: Anonymised | None = None
    narrator_label: Clean | None = None

    @property
    def segments(self) -> list[Segment]:
        return segments_of(self.text)

    @property
    def title_segments(self) -> list[Segment]:
        return segments_of(self.title)

    @property
    def fingerprint(self) -> str:
        """Ties a confirmation to the exact text the teller saw."""
        role = self.role_other.text if self.role_other else ""
        return content_hash(self.title.text + "\n" + self.text.text + "\n" + role)


def segments_of(anonymised: Anonymised) -> list[Segment]:
    """The text cut at each finding and each suspect, for highlighting in templates (which escape it)."""
    marks: list[tuple[int, int, str | None, bool, bool]] = [(f.start, f.end, f.kind, f.replaced, False)
                                                          for f in anonymised.findings]
    marks += [(s.start, s.end, None, False, True) for s in find_suspects(anonymised.text, anonymised.findings)]
    segments, position = [], 0
    for start, end, kind, replaced, suspect in sorted(marks):
        if start > position:
            segments.append(Segment(anonymised.text[position:start]))
        segments.append(Segment(anonymised.text[start:end], kind, replaced, suspect))
        position = end
    if position < len(anonymised.text):
        segments.append(Segment(anonymised.text[position:]))
    return segments


def parse_names(value: str | None) -> tuple[str, ...]:
    """The teller's "replace this word" choices, carried in one hidden form field."""
    return tuple(dict.fromkeys(w.strip() for w in (value or "").split("|") if w.strip()))


def join_names(names: tuple[str, ...]) -> str:
    return "|".join(name.replace("|", " ") for name in names)


def preview(submission: Submission) -> Preview:
    """Anonymise every free-text field of a submission: the one intake seam for form and import."""
    given = submission.given_names
    numbering = PersonNumbering()  # one person, one number: in the text, the title and the role words
    text = anonymise(submission.text, given_names=given, numbering=numbering)
    title = anonymise(submission.title, given_names=given, numbering=numbering)
    other = submission.narrator_role_other if submission.narrator_role == "anders" else None
    role_other = anonymise(other.strip(), given_names=given, numbering=numbering) if other and other.strip() else None
    label = submission.narrator_label if submission.narrator_role == "anders" else None
    label = clean(label.strip()) if label and label.strip() else clean(
        narrator_line(submission.narrator_role, role_other.text if role_other else None))
    notice = other_language_notice(submission.text)
    warnings = warnings_for(text, submission.narrator_role, role_other.text if role_other else None)
    return Preview(title, text, ([notice] if notice else []) + warnings, role_other=role_other, narrator_label=label)


def warnings_for(text: Anonymised, role: str, role_other: str | None) -> list[str]:
    """What the quasi-identifiers of an anonymised text say together with the teller's role (the
    teller's preview and the adviser's review page show the same)."""
    return reidentification_warnings(text, narrator_role=role_label(role, role_other), rare_role=role in RARE_ROLES)


def content_hash(text: str) -> str:
    """The same story, however it is spaced or capitalised, hashes the same."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def make_reference() -> str:
    while True:
        code = "SB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(Story.id).where(Story.reference == code)):
            return code


def store(submission: Submission, result: Preview, *, source: str = "form",
          withdrawal_hash: str | None = None, then=None) -> Story:
    """Store the anonymised story, submitted for moderation; the raw text never reaches the database.

    ``withdrawal_hash`` is the hash of the secret on the teller's receipt (services/withdrawal.py).
    ``then(story)``, if given, runs before the commit, in the same transaction (an import that
    publishes at once). The story gets no address here: only a published title makes one.
    Raises StorageUnavailable when the database cannot be written: nothing is stored then."""
    story = Story(
        title=mark_clean(result.title),
        narrator_label=result.narrator_label or clean(narrator_line(submission.narrator_role)),
        narrator_role=submission.narrator_role,
        narrator_role_other=mark_clean(result.role_other) if result.role_other else None,
        organisation_type=submission.organisation_type or None,
        month=submission.month,
        year=submission.year,
        text=mark_clean(result.text),
        source=source,
        reference=make_reference(),
        teller_places=list(submission.teller_places) or None,
        findings=[f.as_dict() for f in result.text.findings],
        content_hash=content_hash(result.text.text),
        withdrawal_hash=withdrawal_hash,
    )
    lifecycle.admit(story)
    duplicates.set_bands(story)
    try:
        story.near_duplicate_of_id = duplicates.nearest_duplicate(story.text)
        for attempt in range(3):
            db.session.add(story)
            try:
                db.session.flush()
                break
            except IntegrityError:
                # Another request stored the same reference between our look and our insert:
                # draw again rather than lose this story.
                db.session.rollback()
                if attempt == 2:
                    raise
                story.reference = make_reference()
        audit.record("submitted", story=story, detail=f"via {source}")
        if then is not None:
            then(story)
        changes.commit()
    except OperationalError as error:
        # A database that cannot be written (a read-only disk, a lock that outlasted the timeout):
        # nothing was stored, and the caller still holds everything the teller typed.
        changes.rollback()
        log.error("story not stored: %s", error.orig)
        raise StorageUnavailable() from None
    return story
