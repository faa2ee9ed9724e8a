"""The Storybank data model: patterns (places on the map), tips, stories and
the assignments that tie stories to patterns."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from .extensions import db
from .vocabulary import (
    ASSIGNMENT_SOURCES,
    AUDIENCES,
    PATTERN_STATUSES,
    STORY_SOURCES,
    STORY_STATUSES,
    month_year,
    role_label,
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# Lists and structured values: JSONB on PostgreSQL, JSON text on SQLite.
JSONData = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _one_of(column: str, values) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_allowed")  # ck_<table>_<column>_allowed


class Pattern(db.Model):
    """A recurring theme in the stories, shown as a place on the transformatiekaart."""

    __tablename__ = "pattern"
    __table_args__ = (_one_of("status", PATTERN_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    place_name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    map_x: Mapped[int] = mapped_column(Integer)
    map_y: Mapped[int] = mapped_column(Integer)
    journey_order: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="active")

    tips: Mapped[list[Tip]] = relationship(
        back_populates="pattern", cascade="all, delete-orphan", order_by="Tip.id"
    )
    assignments: Mapped[list[StoryPattern]] = relationship(
        back_populates="pattern", cascade="all, delete-orphan"
    )

    def tip_for(self, audience: str) -> Tip | None:
        return next((tip for tip in self.tips if tip.audience == audience), None)

    def __repr__(self) -> str:
        return f"<Pattern {self.slug}>"


class Tip(db.Model):
    """A travel tip (reistip): advice for one audience role at one place."""

    __tablename__ = "tip"
    __table_args__ = (
        UniqueConstraint("pattern_id", "audience"),
        _one_of("audience", AUDIENCES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("pattern.id"))
    audience: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)

    pattern: Mapped[Pattern] = relationship(back_populates="tips")

    @property
    def audience_label(self) -> str:
        return AUDIENCES[self.audience]


class Story(db.Model):
    """An anonymised transformation story, as told by one narrator.

    ``status`` changes only through ``storybank.lifecycle``; ``slug`` (the story's address) is made
    from the title as an adviser publishes it (``services/addresses.py``) and is None until then."""

    __tablename__ = "story"
    __table_args__ = (
        _one_of("status", STORY_STATUSES),
        _one_of("source", STORY_SOURCES),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    narrator_label: Mapped[str] = mapped_column(String(200))
    narrator_role: Mapped[str] = mapped_column(String(40))
    narrator_role_other: Mapped[str | None] = mapped_column(String(120))
    organisation_type: Mapped[str | None] = mapped_column(String(40))
    month: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Intake: what the teller gave besides the story, and what the anonymiser found.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    teller_places: Mapped[list[str] | None] = mapped_column(JSONData)  # place slugs the teller chose
    findings: Mapped[list[dict] | None] = mapped_column(JSONData)  # kind, span, length; never originals
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    near_duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("story.id", ondelete="SET NULL"))
    # Optimistic locking: every UPDATE of the row checks and raises this number, and the review
    # form carries the number it was drawn from, so one adviser's save never silently undoes another's.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    # Withdrawal: a hash of the one-time secret on the teller's receipt (services/withdrawal.py), never the secret.
    withdrawal_hash: Mapped[str | None] = mapped_column(String(64))

    assignments: Mapped[list[StoryPattern]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryPattern.rank"
    )
    near_duplicate_of: Mapped[Story | None] = relationship(remote_side="Story.id")
    dedupe_bands: Mapped[list[DedupeBand]] = relationship(cascade="all, delete-orphan")
    old_addresses: Mapped[list[StoryAddress]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def told(self) -> str:
        return month_year(self.month, self.year)

    @property
    def narrator_role_label(self) -> str:
        return role_label(self.narrator_role, self.narrator_role_other)

    @property
    def patterns(self) -> list[Pattern]:
        return [assignment.pattern for assignment in self.assignments]

    @property
    def teller_place_slugs(self) -> list[str]:
        return list(self.teller_places or ())

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]

    def excerpt(self, length: int = 220) -> str:
        text = " ".join(self.text.split())
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0] + " …"

    def __repr__(self) -> str:
        return f"<Story {self.slug} {self.status}>"


class StoryAddress(db.Model):
    """An address a published story had before an adviser retitled it: it redirects to the current one.
    Made only from published titles; erased with the story's words when the teller withdraws it."""

    __tablename__ = "story_address"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoryPattern(db.Model):
    """Assignment of a story to a pattern, by an adviser or by the model."""

    __tablename__ = "story_pattern"
    __table_args__ = (_one_of("source", ASSIGNMENT_SOURCES),)

    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("pattern.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(20), default="adviser")
    exemplary: Mapped[bool] = mapped_column(Boolean, default=False)

    story: Mapped[Story] = relationship(back_populates="assignments")
    pattern: Mapped[Pattern] = relationship(back_populates="assignments")


class DedupeBand(db.Model):
    """One band of a story's MinHash signature (nlp.dedupe): stories that share a bucket are
    near-duplicate candidates, found through the index without reading every story."""

    __tablename__ = "dedupe_band"

    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, index=True)


def new_session_token() -> str:
    return secrets.token_hex(16)


class Adviser(db.Model):
    """An adviser who moderates stories. No public registration: see `storybank create-adviser`."""

    __tablename__ = "adviser"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of the login session's id: replacing it (logout, new password) ends every session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    # Flask-Login's user interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class AuditEvent(db.Model):
    """Who did what to which story, and when: visible to advisers."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("adviser.id"))
    story_id: Mapped[int | None] = mapped_column(ForeignKey("story.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)

    adviser: Mapped[Adviser | None] = relationship()
    story: Mapped[Story | None] = relationship()


class ModelArtefact(db.Model):
    """A trained model, stored in the database so that every server uses the same one.

    ``storybank train`` on any machine adds a row; servers compare the newest id now and then
    and load the new artefact without a restart (services/patterns.py).
    """

    __tablename__ = "model_artefact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)  # "pattern"
    format_version: Mapped[int] = mapped_column(Integer)
    trained_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    library_versions: Mapped[dict] = mapped_column(JSONData)  # e.g. {"scikit-learn": "1.9.1", ...}
    meta: Mapped[dict] = mapped_column(JSONData)  # counts and classes
    data: Mapped[bytes] = mapped_column(LargeBinary)  # the joblib file
