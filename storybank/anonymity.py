"""The one way free text reaches the database: through the anonymiser.

Storybank promises that no direct identifier is ever stored. Every text a
teller, an adviser or an import file supplies (a title, a story, a typed
role, a rejection reason, the name of a new place, ...) goes through
``clean()`` before it is assigned to a model. ``clean()`` returns a ``Clean``
string: an ordinary ``str`` that says it came out of ``nlp.anonymise``.

A guard on every ORM session refuses to flush a free-text column whose new
value is not ``Clean``, and refuses ORM ``insert()``/``update()`` statements
that write such a column, so a forgotten path fails loudly in tests instead of
storing a name. ``FREE_TEXT`` and ``NOT_FREE_TEXT`` classify every string
column of the models; a test fails when a new column is in neither.

The one exception is the curated corpus (``corpus/``, written by the team and
required to be anonymous already), which ``storybank init`` loads inside
``curated()``. Code-built strings such as an audit line "via form" go through
``clean()`` like the rest: it costs milliseconds and leaves them unchanged.
"""

from __future__ import annotations

import contextlib
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session, attributes

from nlp.anonymise import Anonymised, anonymise
from nlp.people import PersonNumbering

# table.column -> why it is free text
FREE_TEXT = {
    "story.title": "typed by the teller or an import, edited by advisers",
    "story.text": "typed by the teller or an import, edited by advisers",
    "story.narrator_label": "built from the teller's own role words",
    "story.narrator_role_other": "the teller's own role words",
    "story.rejection_reason": "typed by an adviser",
    "pattern.name": "typed by an adviser who promotes an emerging cluster",
    "pattern.place_name": "typed by an adviser who promotes an emerging cluster",
    "pattern.summary": "typed by an adviser who promotes an emerging cluster",
    "pattern.description": "typed by an adviser who promotes an emerging cluster",
    "tip.text": "curated corpus today; typed text if advisers ever write tips",
    "audit_event.detail": "may quote a rejection reason",
}
# table.column -> why it is not free text (codes, hashes, account data, controlled lists)
NOT_FREE_TEXT = {
    "story.slug": "derived from the anonymised title as an adviser published it",
    "story_address.slug": "an earlier published story.slug",
    "story.narrator_role": "a key of NARRATOR_ROLES (check constraint)",
    "story.organisation_type": "a key of ORGANISATION_TYPES, validated at intake",
    "story.status": "a status code (check constraint)",
    "story.source": "a source code (check constraint)",
    "story.reference": "a generated receipt code",
    "story.teller_places": "pattern slugs validated against the database",
    "story.findings": "JSON of kinds and offsets, never originals",
    "story.content_hash": "a SHA-256 of the anonymised text",
    "story.withdrawal_hash": "a hash of the teller's withdrawal secret",
    "model_artefact.name": "the name of a model, chosen by code",
    "pattern.slug": "derived from the anonymised name",
    "pattern.status": "a status code (check constraint)",
    "tip.audience": "a key of AUDIENCES (check constraint)",
    "story_pattern.source": "an assignment source code (check constraint)",
    "adviser.email": "the adviser's own login, never published",
    "adviser.password_hash": "a password hash",
    "adviser.session_token": "a random token that ends the adviser's sessions when replaced",
    "audit_event.action": "an action code",
}


class Clean(str):
    """A string that came out of the anonymiser. Only ``clean()`` should make one."""

    __slots__ = ()


class RawTextError(RuntimeError):
    """Free text was about to be stored without passing the anonymiser."""


def clean(text: str, *, numbering: PersonNumbering | None = None) -> Clean:
    """Anonymise one free-text value for storage (``numbering``: shared by one story's fields)."""
    return Clean(anonymise(text, numbering=numbering).text)


def clean_result(text: str, *, numbering: PersonNumbering | None = None) -> tuple[Clean, Anonymised]:
    """Like ``clean()``, also giving the findings (stored with a story's text)."""
    result = anonymise(text, numbering=numbering)
    return Clean(result.text), result


def mark_clean(result: Anonymised) -> Clean:
    """The text of an anonymiser result the caller already holds (the teller's preview)."""
    return Clean(result.text)


def clean_optional(text: str | None) -> Clean | None:
    return clean(text) if text and text.strip() else None


_curated = threading.local()


@contextlib.contextmanager
def curated():
    """Let the curated corpus through the guard: it is written anonymous and reviewed in diffs.

    Used by ``storybank init`` (services/content.py) and by tests that build fixture rows.
    """
    depth = getattr(_curated, "depth", 0)
    _curated.depth = depth + 1
    try:
        yield
    finally:
        _curated.depth = depth


def _is_curated() -> bool:
    return getattr(_curated, "depth", 0) > 0


def _acceptable(value) -> bool:
    """None and the empty string (a withdrawn story's erased text) say nothing about anyone."""
    return value is None or value == "" or isinstance(value, Clean)


def _guarded_keys(obj) -> list[str]:
    table = getattr(obj, "__tablename__", None)
    return [column.split(".", 1)[1] for column in FREE_TEXT if column.split(".", 1)[0] == table]


def guard_sessions() -> None:
    """Register the guard on every ORM session, once per process (the app factory calls this)."""
    if not event.contains(Session, "before_flush", _refuse_raw_text):
        event.listen(Session, "before_flush", _refuse_raw_text)
        event.listen(Session, "do_orm_execute", _refuse_raw_statements)


def _refuse_raw_text(session, flush_context, instances) -> None:
    if _is_curated():
        return
    for obj in list(session.new) + list(session.dirty):
        for key in _guarded_keys(obj):
            history = attributes.get_history(obj, key)
            if not history.added or list(history.added) == list(history.deleted):
                continue
            bad = [v for v in history.added if not _acceptable(v)]
            if bad:
                raise RawTextError(f"{obj.__tablename__}.{key} would be stored without the anonymiser; "
                                   "pass it through storybank.anonymity.clean()")


def _refuse_raw_statements(state) -> None:
    if _is_curated() or not (state.is_insert or state.is_update):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    params = state.statement.compile().params
    for column in FREE_TEXT:
        table_name, key = column.split(".", 1)
        if table_name == name and key in params and not _acceptable(params[key]):
            raise RawTextError(f"{column} would be written by a statement without the anonymiser")
