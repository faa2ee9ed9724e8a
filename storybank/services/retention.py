"""Retention: rejected and withdrawn stories are deleted after a number of days.

`storybank purge` runs this (from cron, see docs/rights.md). A withdrawn story's words
are erased at once (services/withdrawal.py); what purge adds is removing the row
itself, and refreshing the two files derived from published stories, the search
index and the pattern model, so that no trace of a withdrawn text outlives it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from .. import changes, lifecycle
from ..extensions import db
from ..models import AuditEvent, Story
from . import audit

PURGED_STATUSES = tuple(sorted(lifecycle.RULES["purge"].sources))


@dataclass(frozen=True)
class PurgeReport:
    rejected: int
    withdrawn: int

    def describe(self, days: int) -> str:
        return f"{self.rejected} rejected and {self.withdrawn} withdrawn stories older than {days} days deleted."


def purge(older_than_days: int) -> PurgeReport:
    """Delete rejected and withdrawn stories whose last change is older than the limit."""
    cutoff = datetime.now(timezone.utc) - timedelta(days=older_than_days)
    rows = db.session.execute(select(Story.id, Story.status)
                              .where(Story.status.in_(PURGED_STATUSES), Story.updated_at < cutoff)).all()
    ids = [story_id for story_id, _ in rows]
    report = PurgeReport(sum(status == "rejected" for _, status in rows),
                         sum(status == "withdrawn" for _, status in rows))
    if ids:
        for story in db.session.scalars(select(Story).where(Story.id.in_(ids))):
            lifecycle.transition(story, "purge", seen_version=None)
            db.session.delete(story)
        audit.record("purged", detail=f"{report.rejected} afgewezen en {report.withdrawn} ingetrokken verhalen "
                                      f"ouder dan {older_than_days} dagen")
        changes.commit()
    return report


def published_story_withdrawn_since(moment: datetime | None) -> bool:
    """Was a published story withdrawn after this moment (or ever, when there is none)?
    Only published stories reach the search index and the pattern model's training set."""
    from .withdrawal import WAS_PUBLISHED

    query = select(AuditEvent.id).where(AuditEvent.action == "withdrawn", AuditEvent.detail == WAS_PUBLISHED)
    if moment is not None:
        query = query.where(AuditEvent.at > moment)
    return db.session.scalar(query.limit(1)) is not None
