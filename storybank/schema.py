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


def missing_columns(expected: dict[str, list[str]] | None = None) -> list[str]:
    """Columns expected (by default: what the models describe) that an existing table lacks."""
    if expected is None:
        expected = {table.name: [column.name for column in table.columns] for table in db.metadata.sorted_tables}
    inspector = inspect(db.engine)
    missing = []
    for table, columns in expected.items():
        if inspector.has_table(table):
            present = {column["name"] for column in inspector.get_columns(table)}
            missing += [f"{table}.{column}" for column in columns if column not in present]
    return missing


def _baseline_columns() -> dict[str, list[str]]:
    """The tables and columns of the baseline revision, read from a scratch database built by it."""
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        command.upgrade(_config(connection), BASELINE)
    inspector = inspect(engine)
    return {table: [column["name"] for column in inspector.get_columns(table)]
            for table in inspector.get_table_names() if table != "alembic_version"}


def upgrade() -> str | None:
    """Bring the database to the newest revision; say what happened, or None if nothing did."""
    before = current()
    stamped = before is None and _has_our_tables()
    if stamped:
        # Made without migrations: by this very code (db.create_all(), as the tests do; it has
        # every table and column), or by a Storybank older than the migrations (the baseline).
        marked = head() if _has_every_table() and not missing_columns() else BASELINE
        missing = missing_columns(_baseline_columns())
        if missing:
            raise SchemaError(
                "the database was made by a Storybank older than its migrations and lacks "
                + ", ".join(missing) + ": export what you need ('storybank export'), then run "
                "'storybank init --reset'.")
        with db.engine.begin() as connection:
            command.stamp(_config(connection), marked)
    with db.engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    after = current()
    if stamped:
        return f"schema: made before migrations, marked as revision {marked}" + (
            f" and upgraded to {after}" if after != marked else "")
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


def _has_every_table() -> bool:
    inspector = inspect(db.engine)
    return all(inspector.has_table(table.name) for table in db.metadata.sorted_tables)


def _has_our_tables() -> bool:
    inspector = inspect(db.engine)
    return any(inspector.has_table(table.name) for table in db.metadata.sorted_tables)
