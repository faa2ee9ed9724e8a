"""The search seam: what every backend offers, and the values that cross it.

The app talks to one ``SearchBackend`` (see ``storybank.search``): Whoosh files
in the instance folder by default, PostgreSQL full-text search when the database
is PostgreSQL. Both answer the same ``SearchRequest`` with the same
``SearchOutcome``, so views, the API and the tests do not know which one runs.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from markupsafe import Markup

SORTS = ("relevantie", "datum")
MAX_QUERY_LENGTH = 200
FACET_NAMES = ("kind", "pattern", "role", "year")


class IndexUnavailable(RuntimeError):
    """Search cannot answer now: the index is missing, unreadable or being rebuilt."""


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    pattern: str | None = None
    role: str | None = None
    year: int | None = None
    kind: str | None = None
    sort: str = "relevantie"
    page: int = 1
    per_page: int = 10


@dataclass
class SearchHit:
    key: str
    kind: str
    item: object  # the Story or Tip, as loaded from the database
    snippet: Markup | None


@dataclass
class SearchOutcome:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass
class CheckReport:
    """How the index differs from the database, by document key ("story:12", "tip:3")."""

    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index holds an older version
    extra: list[str] = field(default_factory=list)  # in the index, but not (or no longer) public
    documents: int = 0  # what the database says should be searchable

    @property
    def agrees(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def describe(self) -> str:
        if self.agrees:
            return f"search index agrees with the database: {self.documents} documents"
        lines = [f"search index disagrees with the database ({self.documents} documents expected):"]
        for name in ("missing", "stale", "extra"):
            keys = getattr(self, name)
            if keys:
                shown = ", ".join(keys[:20]) + (f", ... ({len(keys) - 20} more)" if len(keys) > 20 else "")
                lines.append(f"  {name} ({len(keys)}): {shown}")
        return "\n".join(lines)


class SearchBackend(ABC):
    """One search implementation. ``bind`` is the SQLAlchemy engine of the database."""

    name: str
    rebuilding: bool = False

    @abstractmethod
    def update(self, keys: set[str], bind) -> None:
        """Bring the documents behind these keys up to date after a commit.

        Keys are ``story:<id>``, ``tip:<id>`` or ``pattern:<id>`` (a place whose
        name shows in its tips). Raises on trouble; the caller logs and retries.
        """

    @abstractmethod
    def rebuild(self, bind, *, wait: bool = True) -> int:
        """Build everything again from the database; returns the number of documents."""

    @abstractmethod
    def search(self, request: SearchRequest, load) -> SearchOutcome:
        """Answer a request; ``load(keys)`` gives the published rows behind hit keys.

        Raises IndexUnavailable when it cannot answer now.
        """

    @abstractmethod
    def healthy(self) -> bool:
        """Whether search can answer now."""

    @abstractmethod
    def check(self, bind) -> CheckReport:
        """Compare what search finds with what the database publishes."""

    def catch_up(self, bind) -> CheckReport:
        """Repair what ``check`` finds; backends without a separate index have nothing to do."""
        return self.check(bind)

    def clean_up(self) -> None:
        """Remove what an interrupted build left behind, when nothing else is building."""
