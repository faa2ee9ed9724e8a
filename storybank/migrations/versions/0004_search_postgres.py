"""PostgreSQL full-text search: the storybank_dutch configuration, generated tsvector columns, GIN and RUM indexes.

Only on PostgreSQL (SQLite searches with Whoosh files and gets nothing here). The
objects are not in models.py: storybank.search.pg_schema describes them (see its
docstring), and its statements are all idempotent ("IF NOT EXISTS", "OR REPLACE"),
so this revision runs them as they are; a later revision that changes an object
drops or alters it itself. They also run on `storybank reindex`, which repairs a
database where an object was dropped.

Revision ID: 0004
Revises: 0003
Created: 2026-11-25
"""

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from storybank.search import pg_schema

    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_schema.statements():
            op.execute(text(statement))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_word")
    op.execute("DROP INDEX IF EXISTS ix_story_search_rum")
    op.execute("ALTER TABLE story RESET (toast_tuple_target)")
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS story_pattern_places_{trigger} ON story_pattern")
    op.execute("DROP FUNCTION IF EXISTS storybank_search_places()")
    for table in ("story", "tip"):
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        for column in ("search_vector", "search_terms", "search_hash", "search_places"):
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS storybank_dutch")
