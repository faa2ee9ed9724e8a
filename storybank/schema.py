"""The database schema's version, kept with Alembic so that an upgrade keeps the data.

``storybank init`` brings any database to the newest revision: a new one is
created by the migrations, one made before migrations existed (it has our
tables but no ``alembic_version``) is checked and stamped with the baseline,
and an older one is upgraded. ``serve`` refuses a database that is behind.
The migrations live in ``storybank/migrations/versions``; a test checks that
running them all gives exactly the schema the models describe.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from .extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema as it stood when migrations were introduced


class SchemaError(RuntimeError):
    """The database cannot be brought to the schema this code expects."""


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def missing_columns() -> list[str]:
    """Columns the baseline revision has and an existing table lacks.

    A database made before migrations can only be stamped as the baseline when it has
    everything the baseline has; later columns come from the migrations after it.
    """
    inspector = inspect(db.engine)
    missing = []
    for table, columns in baseline_columns().items():
        if inspector.has_table(table):
            present = {column["name"] for column in inspector.get_columns(table)}
            missing += [f"{table}.{column}" for column in columns if column not in present]
    return missing


def baseline_columns() -> dict[str, list[str]]:
    """The tables and columns of the baseline revision, read from a scratch in-memory database."""
    scratch = create_engine("sqlite://")
    with scratch.begin() as connection:
        command.upgrade(_config(connection), BASELINE)
        inspector = inspect(connection)
        return {table: [column["name"] for column in inspector.get_columns(table)]
                for table in inspector.get_table_names() if table != "alembic_version"}


def upgrade() -> str | None:
    """Bring the database to the newest revision; say what happened, or None if nothing did."""
    before = current()
    stamped = before is None and _has_our_tables()
    stamp = None
    if stamped:
        missing = missing_columns()
        if missing:
            raise SchemaError(
                "the database was made by a Storybank older than its migrations and lacks "
                + ", ".join(missing) + ": export what you need ('storybank export'), then run "
                "'storybank init --reset'.")
        # Made by create_all of this very version (tests, tools): it is at head already.
        stamp = head() if _matches_models() else BASELINE
        with db.engine.begin() as connection:
            command.stamp(_config(connection), stamp)
    with db.engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    after = current()
    if stamped and stamp == after:
        return f"schema: made without migrations, marked as revision {after}"
    if stamped:
        return f"schema: made before migrations, marked as revision {BASELINE} and upgraded to {after}"
    if before is None:
        return f"schema: created at revision {after}"
    return f"schema: upgraded from revision {before} to {after}, data kept" if before != after else None


def drop_everything() -> None:
    """For ``init --reset``: every table, the revision record included."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def require_current() -> None:
    """Refuse to serve a database that is behind (or ahead of) this code."""
    revision, newest = current(), head()
    if revision != newest:
        raise SchemaError(
            f"the database is at schema revision {revision or 'none'}, this Storybank expects {newest}: "
            "run 'storybank init' to upgrade it (the data is kept).")


def revision(message: str) -> Path:
    """Write a new migration from the difference between the models and an up-to-date database."""
    with db.engine.begin() as connection:
        script = command.revision(_config(connection), message=message, autogenerate=True,
                                  rev_id=f"{int(head()) + 1:04d}")  # 0001, 0002, ...: read in order
    return Path(script.path)


def _matches_models() -> bool:
    from alembic.autogenerate import compare_metadata

    with db.engine.connect() as connection:
        return not compare_metadata(MigrationContext.configure(connection), db.metadata)


def _has_our_tables() -> bool:
    inspector = inspect(db.engine)
    return any(inspector.has_table(table.name) for table in db.metadata.sorted_tables)
