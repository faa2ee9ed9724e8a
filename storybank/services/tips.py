"""Travel tips (reistips) read per audience role across all places."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Pattern, Tip


def tips_for_audience(audience: str) -> list[Tip]:
    """One role's tips in journey order, so a gemeente can read its own route."""
    return list(db.session.scalars(
        select(Tip).join(Pattern).where(Tip.audience == audience).order_by(Pattern.journey_order)
    ))
