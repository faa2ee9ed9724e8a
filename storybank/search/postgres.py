"""The PostgreSQL backend: full-text search inside the database (see pg_schema.py for the objects).

Nothing to sync, lock or swap: ``search_vector`` is a generated column, so the
transaction that publishes a story also makes it findable, for every server at
once. The app adds only what PostgreSQL cannot compute itself (Dutch derivations
and compound parts in ``search_terms``, the suggestion vocabulary); both are
refreshed after the commit like the Whoosh index is, and ``check`` finds any row
whose additions are older than its text.
"""

from __future__ import annotations

import hashlib
import logging
import re

from rapidfuzz.distance import Levenshtein
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.orm import Session

from nlp.findability import findability

from ..changes import parse_key, story_key, tip_key
from ..lifecycle import PUBLISHED
from ..vocabulary import role_label
from . import pg_query, pg_schema
from .analysis import DUTCH_STOP_WORDS, fold
from .base import CheckReport, IndexUnavailable, SearchBackend, SearchOutcome, SearchRequest
from .documents import rows_for

log = logging.getLogger(__name__)

# Part of every search_hash: raise it when search_terms are computed differently.
TERMS_FORMAT = "4"  # 3: "Anders" for an "anders" story without own words; 4: nlp.dutch.fold
BATCH = 500
REBUILD_LOCK = 7_240_711  # pg_advisory_lock key: one search rebuild at a time
NOT_SET_UP = {"42703", "42P01", "42704"}  # undefined column, table, object (the configuration)


def terms_format(derivation: bool = True) -> str:
    return TERMS_FORMAT + ("d" if derivation else "n")


def search_hash(*parts: str, derivation: bool = True) -> str:
    """What PostgreSQL computes as md5(format || title || E'\\n' || text ...) (see ``_STALE``)."""
    return hashlib.md5((terms_format(derivation) + "\n".join(parts)).encode()).hexdigest()


def search_terms(*parts: str, derivation: bool = True) -> str:
    """Words the index should also hold for this text: Dutch family bases and compound parts."""
    if not derivation:
        return ""
    return " ".join(findability().text_words(" ".join(parts), DUTCH_STOP_WORDS))


def story_additions(title, text, narrator_label, role, role_other, *, derivation: bool = True) -> tuple[str, str]:
    """A story's search_terms and search_hash. The terms also hold its narrator role's label
    ("Inkoper of contractmanager"), as the Whoosh document's text does: a story told by an
    inkoper is found under "inkoper" even when the teller called herself otherwise."""
    label = role_label(role, role_other) if derivation else ""
    terms = " ".join(filter(None, (label, search_terms(title, text, narrator_label, label, derivation=derivation))))
    return terms, search_hash(title, text, narrator_label, role, role_other or "", derivation=derivation)


def vocabulary(*parts: str) -> set[str]:
    """Whole words for 'Bedoelde u ...?', folded like the Whoosh vocabulary field."""
    return {w for w in re.findall(r"\w+", fold(" ".join(parts))) if len(w) >= 3 and w not in DUTCH_STOP_WORDS}


_STALE = {
    "story": (f"SELECT id FROM story WHERE status = '{PUBLISHED}' AND search_hash IS DISTINCT FROM "
              "md5(:format || concat_ws(E'\\n', coalesce(title, ''), coalesce(text, ''), "
              "coalesce(narrator_label, ''), narrator_role, coalesce(narrator_role_other, '')))"),
    "tip": "SELECT id FROM tip WHERE search_hash IS DISTINCT FROM md5(:format || coalesce(text, ''))",
}


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self, *, derivation: bool = True):
        self.derivation = derivation
        self.ranking: str | None = None  # "rum" when its index exists, else "plain"; looked up once

    # -- keeping the additions current -------------------------------------------------

    def update(self, keys, bind) -> None:
        ids = {"story": set(), "tip": set()}
        for key in keys:
            kind, number = parse_key(key)
            if kind in ids:
                ids[kind].add(number)
        if not (ids["story"] or ids["tip"]):
            return
        try:
            with Session(bind=bind) as session, session.begin():
                _refresh(session, sorted(ids["story"]), sorted(ids["tip"]), self.derivation)
        except ProgrammingError as error:
            if getattr(error.orig, "sqlstate", None) in NOT_SET_UP:
                return  # no search objects yet: the rebuild that creates them reads every row
            raise

    def rebuild(self, bind, *, wait: bool = True) -> int:
        """Create what is missing, then refresh every row's additions in short transactions.

        One rebuild at a time across servers (an advisory lock); with ``wait=False`` a
        rebuild running elsewhere makes this one give up instead of repeating it.
        """
        with bind.connect() as lock:
            if wait:
                lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": REBUILD_LOCK})
            elif not lock.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": REBUILD_LOCK}).scalar():
                raise IndexUnavailable("another server is rebuilding search")
            lock.commit()
            try:
                return self._rebuild(bind)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": REBUILD_LOCK})
                lock.commit()

    def _rebuild(self, bind) -> int:
        with bind.begin() as connection:
            pg_schema.ensure(connection)
        self.ranking = None
        for kind in ("story", "tip"):
            last = 0
            while True:
                with Session(bind=bind) as session, session.begin():
                    ids = list(session.execute(text(
                        f"SELECT id FROM {kind} WHERE id > :last ORDER BY id LIMIT :batch"),
                        {"last": last, "batch": BATCH}).scalars())
                    if not ids:
                        break
                    _refresh(session, ids if kind == "story" else [], ids if kind == "tip" else [],
                             self.derivation)
                last = ids[-1]
        with Session(bind=bind) as session:
            return _document_count(session)

    def catch_up(self, bind) -> CheckReport:
        report = self.check(bind)
        if not report.agrees:
            self.update(set(report.stale), bind)
        return report

    # -- reading -------------------------------------------------------------------------

    def search(self, request: SearchRequest, session) -> SearchOutcome:
        try:
            if self.ranking is None:
                self.ranking = "rum" if pg_schema.has_rum(session.connection()) else "plain"
            outcome = pg_query.run(session, request, ranking=self.ranking, derivation=self.derivation)
            items = rows_for(session, [hit.key for hit in outcome.hits])
            outcome.hits = [hit for hit in outcome.hits if hit.key in items]
            for hit in outcome.hits:
                hit.item = items[hit.key]
            if request.text.strip():
                outcome.suggestion = _suggest(session, request.text.strip()[:pg_query.MAX_QUERY_LENGTH])
            return outcome
        except DBAPIError as error:
            session.rollback()
            self.ranking = None
            log.warning("PostgreSQL search failed: %s", error, exc_info=True)
            raise IndexUnavailable(f"PostgreSQL search failed: {error.orig!r}") from error

    def healthy(self) -> bool:
        from ..extensions import db

        try:
            with db.engine.connect() as connection:
                if pg_schema.missing(connection):
                    return False
                self.ranking = "rum" if pg_schema.has_rum(connection) else "plain"
                return True
        except DBAPIError:
            return False

    def check(self, bind) -> CheckReport:
        with bind.connect() as connection:
            absent = pg_schema.missing(connection)
            if absent:
                raise IndexUnavailable("PostgreSQL search objects missing: " + ", ".join(absent))
        with Session(bind=bind) as session:
            version = {"format": terms_format(self.derivation)}
            stale = [story_key(i) for i in session.execute(text(_STALE["story"]), version).scalars()]
            stale += [tip_key(i) for i in session.execute(text(_STALE["tip"]), version).scalars()]
            return CheckReport(stale=sorted(stale), documents=_document_count(session))


def _document_count(session) -> int:
    return session.execute(text(
        f"SELECT (SELECT count(*) FROM story WHERE status = '{PUBLISHED}') + (SELECT count(*) FROM tip)")).scalar()


def _refresh(session, story_ids: list[int], tip_ids: list[int], derivation: bool) -> None:
    """Recompute search_terms of these rows, locked so that a later writer also reads later."""
    words = set()
    if story_ids:
        rows = session.execute(text(
            "SELECT id, title, text, narrator_label, narrator_role, narrator_role_other FROM story "
            f"WHERE id = ANY(:ids) AND status = '{PUBLISHED}' ORDER BY id FOR UPDATE"), {"ids": story_ids}).all()
        for row in rows:
            words |= vocabulary(row.title, row.text)
        _write(session, "story", [(row.id, *story_additions(*row[1:], derivation=derivation)) for row in rows])
    if tip_ids:
        rows = session.execute(text("SELECT id, text FROM tip WHERE id = ANY(:ids) ORDER BY id FOR UPDATE"),
                               {"ids": tip_ids}).all()
        for row in rows:
            words |= vocabulary(row.text)
        _write(session, "tip", [(row.id, search_terms(row.text, derivation=derivation),
                                 search_hash(row.text, derivation=derivation)) for row in rows])
    if words:
        session.execute(text("INSERT INTO search_word (word) SELECT unnest(CAST(:words AS text[])) "
                             "ON CONFLICT DO NOTHING"), {"words": sorted(words)})


def _write(session, table: str, values: list[tuple[int, str, str]]) -> None:
    if values:
        ids, terms, hashes = zip(*values)
        session.execute(text(
            f"UPDATE {table} AS r SET search_terms = v.terms, search_hash = v.hash "
            "FROM unnest(CAST(:ids AS int[]), CAST(:terms AS text[]), CAST(:hashes AS text[])) AS v(id, terms, hash) "
            "WHERE r.id = v.id AND r.search_hash IS DISTINCT FROM v.hash"),
            {"ids": list(ids), "terms": [t or None for t in terms], "hashes": list(hashes)})


def _suggest(session, typed: str) -> str | None:
    """'Bedoelde u ...?': words nobody wrote replaced by the closest word somebody did."""
    words = [w for w in re.findall(r"\w+", fold(typed)) if len(w) >= 3 and w not in DUTCH_STOP_WORDS]
    if not words:
        return None
    known = set(session.execute(text("SELECT word FROM search_word WHERE word = ANY(:w)"),
                                {"w": words}).scalars())
    corrected, changed = [], False
    for word in words:
        if word not in known:
            candidates = session.execute(text(
                "SELECT word FROM search_word WHERE word % :w ORDER BY similarity(word, :w) DESC, word LIMIT 20"),
                {"w": word}).scalars()
            close = sorted((Levenshtein.distance(word, c), c) for c in candidates)
            if close and close[0][0] <= 2:
                corrected.append(close[0][1])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None
