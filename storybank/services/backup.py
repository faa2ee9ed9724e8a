"""Backup and restore of an SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot page by page while the site keeps serving (in WAL
mode readers and the one writer carry on; what a writer has not committed is not copied).
Restoring writes the backup into the live database the same way, so open connections of a
running server see the restored data at their next transaction instead of a replaced file.

PostgreSQL has its own tools for this (pg_dump, pg_restore); these functions say so.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory

from .. import schema
from ..extensions import db


class BackupError(RuntimeError):
    """Said to the user as it is; nothing was changed."""


def _sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        safe = url.render_as_string(hide_password=True).replace("+psycopg", "")
        raise BackupError(
            f"the database is {url.get_backend_name()}, not SQLite: back it up with pg_dump, for example "
            f"'pg_dump --format=custom --file=storybank.dump {safe}', and restore with pg_restore "
            "(see docs/operations.md)")
    if url.database is None:
        raise BackupError("the database is SQLite in memory (sqlite://): there is no file to back up")
    return Path(url.database)


def backup(target: Path) -> dict:
    """Copy the live database into ``target`` (a new file); return what it holds."""
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path} yet: run 'storybank init'")
    partial = target.with_name(f".{target.name}.partial")
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        summary = _describe(copy)
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)
    return summary


def restore(backup_file: Path) -> dict:
    """Check ``backup_file`` and write it over the live database; return what it holds."""
    live_path = _sqlite_path()
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        checked = source.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{backup_file} is not an SQLite database ({error})") from None
    try:
        if checked != "ok":
            raise BackupError(f"{backup_file} is damaged (integrity check: {checked}); nothing was restored")
        summary = _describe(source)
        known = {script.revision for script in ScriptDirectory.from_config(schema._config()).walk_revisions()}
        if summary["revision"] not in known:
            raise BackupError(f"{backup_file} is at schema revision {summary['revision'] or 'none'}, which this "
                              "Storybank does not know (made by a newer version?); nothing was restored")
        db.engine.dispose()  # our own pooled connections hold no snapshot of the old data
        live = sqlite3.connect(live_path, timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
    finally:
        source.close()
    return summary


def live_database_has_data() -> bool:
    path = _sqlite_path()
    if not path.exists():
        return False
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
    finally:
        connection.close()


def _describe(connection: sqlite3.Connection) -> dict:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "story" not in tables:
        raise BackupError("this is not a Storybank database (it has no story table)")
    revision = None
    if "alembic_version" in tables:
        revision = next(iter(connection.execute("SELECT version_num FROM alembic_version").fetchone() or ()), None)
    stories = connection.execute("SELECT count(*) FROM story").fetchone()[0]
    return {"revision": revision, "stories": stories}
