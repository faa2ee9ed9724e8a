"""Two advisers, one story: optimistic locking of adviser edits.

The review form carries the story's version number and the title, text, places
and status the adviser started from. A save drawn from an older version is not
applied: the adviser sees what the other adviser changed (their title and text,
with the text's differences marked), while everything they typed stays in the
form, and a second save on purpose goes through. Nothing is locked while an
adviser reads, so an abandoned review page blocks no one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEvent, Story
from ..vocabulary import STORY_STATUS_LABELS

MESSAGE = ("Een andere adviseur heeft dit verhaal opgeslagen nadat u het opende. Uw wijzigingen zijn nog niet "
           "opgeslagen: ze staan hieronder nog in het formulier. Bekijk wat er veranderd is en sla daarna opnieuw op.")


@dataclass(frozen=True)
class Base:
    """What the adviser's form was drawn from (hidden fields of the review form)."""

    version: int
    title: str | None = None
    text: str | None = None
    places: tuple[str, ...] | None = None
    status: str | None = None

    @classmethod
    def from_form(cls, form) -> Base | None:
        version = form.get("version", "")
        if not version.isdigit():
            return None  # a post without a version (an older form): nothing to compare with
        places = form.get("base_places")
        return cls(int(version), form.get("base_title"), form.get("base_text"),
                   tuple(filter(None, places.split(","))) if places is not None else None, form.get("base_status"))


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "removed" or "added"
    text: str


class EditConflict(Exception):
    """The story changed since the adviser's form was drawn; carries what changed and by whom."""

    def __init__(self, story: Story, base: Base | None):
        super().__init__(MESSAGE)
        self.story, self.base = story, base
        self.changes = changes_since(story, base) if base else []
        changed_text = base.text if base and base.text is not None and base.text != story.text else None
        self.text_diff = word_diff(changed_text, story.text) if changed_text is not None else []
        self.by = last_editor(story)


def check(story: Story, base: Base | None) -> None:
    """Raise EditConflict when the form was drawn from an older version of the story."""
    if base is not None and base.version != story.version:
        raise EditConflict(story, base)


def merge(typed: dict, base: Base | None, story: Story) -> dict:
    """What the form shows after a conflict: this adviser's edits, the other's everywhere else.

    A field this adviser left as it was takes the other adviser's current value, so saving again
    keeps both advisers' work; a field both changed keeps what this adviser typed (the other's
    version is shown beside it).
    """
    merged = dict(typed)
    if base is None:
        return merged
    if base.title is not None and typed["title"] == base.title:
        merged["title"] = story.title
    if base.text is not None and typed["text"] == base.text:
        merged["text"] = story.text
    if base.places is not None and tuple(typed["slugs"]) == tuple(base.places):
        merged["slugs"] = [a.pattern.slug for a in story.assignments]
        merged["exemplary"] = {a.pattern.slug for a in story.assignments if a.exemplary}
    return merged


def changes_since(story: Story, base: Base) -> list[Change]:
    places = tuple(a.pattern.slug for a in story.assignments)
    changes = []
    if base.title is not None and base.title != story.title:
        changes.append(Change("titel", base.title, story.title))
    if base.text is not None and base.text != story.text:
        changes.append(Change("tekst", "", ""))
    if base.places is not None and tuple(base.places) != places:
        changes.append(Change("plaatsen", ", ".join(base.places) or "geen", ", ".join(places) or "geen"))
    if base.status is not None and base.status != story.status:
        changes.append(Change("status", STORY_STATUS_LABELS.get(base.status, base.status),
                              STORY_STATUS_LABELS.get(story.status, story.status)))
    return changes


def word_diff(before: str, after: str) -> list[DiffPart]:
    """The text's differences word by word, for marking with <del> and <ins> (escaped as ever)."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(DiffPart("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(DiffPart("added", " ".join(new[b1:b2])))
    return parts


def last_editor(story: Story) -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.story_id == story.id, AuditEvent.adviser_id.is_not(None))
                             .order_by(AuditEvent.id.desc()).limit(1))
