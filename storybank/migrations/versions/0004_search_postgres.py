"""PostgreSQL full-text search: the storybank_dutch configuration, generated tsvector columns, GIN indexes.

Only on PostgreSQL (SQLite searches with Whoosh files and gets nothing here). The
objects are not in models.py; storybank.search.pg_schema describes them, creates
them when missing (``storybank reindex``) and keeps Alembic's model comparison from
reporting them. This is a frozen copy of its statements.

Revision ID: 0004
Revises: 0003
Created: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VECTORS = {
    "story": ("setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(title, '')), 'A') || "
              "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(text, '') || ' ' || "
              "coalesce(narrator_label, '')), 'B') || "
              "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(search_terms, '')), 'C')"),
    "tip": ("setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(text, '')), 'B') || "
            "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(search_terms, '')), 'C')"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'storybank_dutch') THEN
          CREATE TEXT SEARCH CONFIGURATION storybank_dutch (COPY = pg_catalog.dutch);
          ALTER TEXT SEARCH CONFIGURATION storybank_dutch
            ALTER MAPPING FOR word, hword, hword_part WITH unaccent, dutch_stem;
        END IF;
      END $$""")
    for table, vector in VECTORS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_terms text")
        op.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_hash varchar(32)")
        op.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
                   f"GENERATED ALWAYS AS ({vector}) STORED")
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_search_vector ON {table} USING gin (search_vector)")
    op.execute("CREATE TABLE IF NOT EXISTS search_word (word text PRIMARY KEY)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_word_trgm ON search_word USING gin (word gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_word")
    for table in VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        for column in ("search_vector", "search_terms", "search_hash"):
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS storybank_dutch")
