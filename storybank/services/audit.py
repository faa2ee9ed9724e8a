"""The audit log: who did what to which story, written in the same transaction as the change.

Every service that changes a story's fate (intake, moderation, promotion, purge)
records it here, so the log has one shape and one place to read it from.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..anonymity import clean_optional
from ..extensions import db
from ..models import Adviser, AuditEvent, Story


def record(action: str, *, adviser: Adviser | None = None, story: Story | None = None,
           detail: str | None = None) -> None:
    """Add an event to the session; the caller's commit stores it with the change itself.

    ``detail`` may quote what an adviser typed (a rejection reason), so it is anonymised here.
    """
    db.session.add(AuditEvent(adviser_id=adviser.id if adviser else None,
                              story_id=story.id if story else None, action=action,
                              detail=clean_optional(detail)))


def recent(limit: int = 300) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
                                   .options(selectinload(AuditEvent.adviser), selectinload(AuditEvent.story))))
