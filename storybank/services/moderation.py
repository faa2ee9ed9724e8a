"""What advisers do with stories: review, publish, reject, unpublish, edit.

The status changes themselves belong to ``storybank.lifecycle``; this module adds what an
adviser's form brings along (title, text, places, a reason), anonymised again, and commits the
whole as one transaction through ``storybank.changes``. Every action is written to the audit log
in that same transaction, so the log can never claim something that did not happen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from nlp.anonymise import anonymise
from nlp.people import PersonNumbering

from .. import changes, lifecycle
from ..anonymity import clean, clean_result
from ..extensions import db
from ..lifecycle import SUBMITTED, published_query
from ..models import Adviser, Pattern, Story, StoryPattern, utcnow
from . import addresses, audit, duplicates
from .conflicts import Base, EditConflict, check
from .intake import content_hash, segments_of, warnings_for


class ModerationError(ValueError):
    pass


MISSING_VERSION = ("Dit formulier zegt niet welke versie van het verhaal u voor u had. Open het verhaal opnieuw en "
                   "probeer het nog eens; er is niets opgeslagen.")


@dataclass(frozen=True)
class Choice:
    """An adviser's decision about one place for a story."""

    slug: str
    exemplary: bool = False


def queue_counts() -> dict[str, int]:
    rows = db.session.execute(select(Story.status, func.count()).group_by(Story.status)).all()
    return {status: count for status, count in rows}


def queue() -> list[Story]:
    """Submitted stories, oldest first: first in, first read."""
    return list(db.session.scalars(select(Story).where(Story.status == SUBMITTED).order_by(Story.created_at, Story.id)))


def published(limit: int = 200) -> list[Story]:
    return list(db.session.scalars(
        published_query().order_by(Story.published_at.desc(), Story.id.desc()).limit(limit)))


def get_story(story_id: int) -> Story | None:
    return db.session.scalar(select(Story).where(Story.id == story_id)
                             .options(selectinload(Story.assignments).selectinload(StoryPattern.pattern)))


def review_view(story: Story):
    """The story's text with what the anonymiser flags now, and the warnings."""
    result = anonymise(story.text)
    return segments_of(result), warnings_for(result, story.narrator_role, story.narrator_role_other)


def save(story: Story, adviser: Adviser, *, title: str, text: str, choices: list[Choice],
         base: Base | None) -> list[str]:
    """Save edits; whatever an adviser types is anonymised again before it is stored.

    ``base`` is what the adviser's form was drawn from: when the story changed since, EditConflict
    is raised and nothing is stored (so no adviser silently undoes another's work).
    """
    with _versioned(story, base) as checked:
        lifecycle.check_editable(story, seen_version=checked.version)
        made = _apply_edits(story, adviser, title=title, text=text, choices=choices)
    return made


@contextmanager
def _versioned(story: Story, base: Base | None) -> Iterator[Base]:
    """Check the form's version, make the changes (the block is given the checked base), commit. The
    version check in the UPDATE itself (at any flush) catches a save that raced ours between the check
    and the commit.

    A form that carries no version cannot be checked, so it is refused (an old page, a hand-made
    request): no change is ever applied without knowing what the adviser saw."""
    if base is None:
        raise lifecycle.LifecycleError(MISSING_VERSION)
    check(story, base)
    try:
        yield base
        changes.commit()
    except StaleDataError:
        changes.rollback()
        raise EditConflict(story, base) from None


def _apply_edits(story: Story, adviser: Adviser, *, title: str, text: str, choices: list[Choice]) -> list[str]:
    """Apply and log the edits without committing, so a caller commits once."""
    # New names continue after the placeholders the story holds, one number per person in both fields.
    numbering = PersonNumbering.after_placeholders(title, text)
    new_text, result = clean_result(text.strip(), numbering=numbering)
    new_title = clean(title.strip(), numbering=numbering)
    made = []
    if new_title != story.title:
        story.title = new_title
        made.append("titel")
    if new_text != story.text:
        story.text = new_text
        story.content_hash = content_hash(new_text)
        story.findings = [f.as_dict() for f in result.findings]
        duplicates.set_bands(story)
        made.append("tekst")
    if _set_patterns(story, choices):
        made.append("plaatsen")
    if made:
        audit.record("edited", adviser=adviser, story=story, detail=", ".join(made))
    return made


def _set_patterns(story: Story, choices: list[Choice]) -> bool:
    patterns = {p.slug: p for p in db.session.scalars(select(Pattern).where(Pattern.slug.in_([c.slug for c in choices])))}
    unknown = [c.slug for c in choices if c.slug not in patterns]
    if unknown:
        raise ModerationError(f"Onbekende plaats: {', '.join(unknown)}")
    wanted = [(c.slug, rank, c.exemplary) for rank, c in enumerate(choices)]
    current = [(a.pattern.slug, a.rank, a.exemplary) for a in story.assignments]
    if wanted == current:
        return False
    scores = {a.pattern.slug: a.score for a in story.assignments}
    story.assignments = [StoryPattern(pattern=patterns[slug], rank=rank, exemplary=exemplary, source="adviser",
                                      score=scores.get(slug)) for slug, rank, exemplary in wanted]
    story.updated_at = utcnow()  # the story row itself changes too, so its version moves on
    return True


def publish(story: Story, adviser: Adviser, *, title: str, text: str, choices: list[Choice],
            base: Base | None) -> None:
    """Publish with the adviser's last edits; the story's address is made from the title as
    published (a new title gives a new address; the old one keeps working as a redirect)."""
    with _versioned(story, base) as checked:
        lifecycle.require(story, "publish")
        if not choices:
            raise ModerationError("Kies minstens één plaats op de kaart voordat u publiceert.")
        with db.session.no_autoflush:  # the version moves at the flush, after the lifecycle has checked it
            _apply_edits(story, adviser, title=title, text=text, choices=choices)
            lifecycle.transition(story, "publish", seen_version=checked.version, adviser=adviser,
                                 detail=", ".join(c.slug for c in choices))
        addresses.assign(story)


def reject(story: Story, adviser: Adviser, *, reason: str, base: Base | None) -> None:
    with _versioned(story, base) as checked:
        lifecycle.require(story, "reject")
        if not reason.strip():
            raise ModerationError("Geef een reden op waarom het verhaal wordt afgewezen.")
        reason = clean(reason.strip())
        lifecycle.transition(story, "reject", seen_version=checked.version, adviser=adviser, detail=reason)
        story.rejection_reason = reason


def unpublish(story: Story, adviser: Adviser, base: Base | None) -> None:
    with _versioned(story, base) as checked:
        lifecycle.transition(story, "unpublish", seen_version=checked.version, adviser=adviser)
