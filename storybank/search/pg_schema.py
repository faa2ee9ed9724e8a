"""The PostgreSQL objects full-text search needs, created by migration and checked at start-up.

* ``storybank_dutch``: a text search configuration copied from ``dutch`` whose words
  pass through ``unaccent`` before ``dutch_stem`` ("financiën" = "financien").
* ``story.search_vector`` and ``tip.search_vector``: generated ``tsvector`` columns
  (title weight A, text B, the app-computed expansion ``search_terms`` C) with GIN
  indexes. The database computes them in the transaction that changes the row, so
  every server sees a change at once.
* ``search_terms``/``search_hash``: Dutch derivations and compound parts the app adds
  (see nlp/findability.py), and the hash of the text they were computed from.
* ``search_word``: the vocabulary for "Bedoelde u ...?", with a trigram index.
* ``ix_story_search_rum``: a RUM index on ``story.search_vector`` when the ``rum``
  extension is installed (Debian: postgresql-15-rum). It returns the best-ranked
  matches in order from the index, so a page of results never ranks every match;
  without it search ranks with ``ts_rank`` over all matches (slower, same pages).
* ``story.search_places``: the story's place ids, kept by a trigger on ``story_pattern``
  in the same transaction, so that facets and the place filter need no join.
* ``story`` keeps its rows narrow (``toast_tuple_target = 128``: the text and the
  vector live in TOAST), so that counting thousands of matches for the facets reads
  few pages. The columns that filters and facets read (``ROW_COLUMNS``) are stored
  ``PLAIN``: with so low a target PostgreSQL otherwise moves even a two-element
  ``search_places`` out of the row, and every match cost a TOAST index lookup
  (at 100,000 stories the place facet of a common word read 270,000 buffers).

None of this is in ``models.py`` (SQLite has no such types); ``include_object`` tells
Alembic's model comparison to leave these names alone.
"""

from __future__ import annotations

from sqlalchemy import text

CONFIG = "storybank_dutch"
TABLES = ("story", "tip")
COLUMNS = ("search_terms", "search_hash", "search_vector")
INDEXES = ("ix_story_search_vector", "ix_tip_search_vector", "ix_search_word_trgm")
RUM_INDEX = "ix_story_search_rum"
SEARCH_TABLES = ("search_word",)
# Read for every match by the filters and facets: kept in the row, never moved to TOAST.
ROW_COLUMNS = ("status", "narrator_role", "search_places")
ROW_STORAGE = "ALTER TABLE story " + ", ".join(f"ALTER COLUMN {c} SET STORAGE PLAIN" for c in ROW_COLUMNS)
OBJECT_NAMES = frozenset(COLUMNS + INDEXES + SEARCH_TABLES + (RUM_INDEX, "search_places"))

PLACES_FUNCTION = """CREATE OR REPLACE FUNCTION storybank_search_places() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE story SET search_places = coalesce(
      (SELECT array_agg(sp.pattern_id ORDER BY sp.pattern_id) FROM story_pattern sp WHERE sp.story_id = story.id),
      '{}')
   WHERE story.id IN (SELECT story_id FROM changed);
  RETURN NULL;
END $$"""

_VECTOR = {
    "story": ("setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(title, '')), 'A') || "
              "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(text, '') || ' ' || "
              "coalesce(narrator_label, '')), 'B') || "
              "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(search_terms, '')), 'C')"),
    "tip": ("setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(text, '')), 'B') || "
            "setweight(to_tsvector('storybank_dutch'::regconfig, coalesce(search_terms, '')), 'C')"),
}


def statements() -> list[str]:
    """Idempotent DDL for everything above (the migration runs a frozen copy of it)."""
    made = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"""DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.dutch);
                ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, dutch_stem;
              END IF;
            END $$""",
    ]
    for table in TABLES:
        made += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_terms text",
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_hash varchar(32)",
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({_VECTOR[table]}) STORED",
            f"CREATE INDEX IF NOT EXISTS ix_{table}_search_vector ON {table} USING gin (search_vector)",
        ]
    made += [
        "ALTER TABLE story ADD COLUMN IF NOT EXISTS search_places int[] NOT NULL DEFAULT '{}'",
        PLACES_FUNCTION,
        "CREATE OR REPLACE TRIGGER story_pattern_places_insert AFTER INSERT ON story_pattern "
        "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION storybank_search_places()",
        "CREATE OR REPLACE TRIGGER story_pattern_places_delete AFTER DELETE ON story_pattern "
        "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION storybank_search_places()",
        "CREATE OR REPLACE TRIGGER story_pattern_places_update AFTER UPDATE ON story_pattern "
        "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION storybank_search_places()",
        "UPDATE story SET search_places = coalesce((SELECT array_agg(sp.pattern_id ORDER BY sp.pattern_id) "
        "FROM story_pattern sp WHERE sp.story_id = story.id), '{}') WHERE search_places = '{}' "
        "AND EXISTS (SELECT 1 FROM story_pattern sp WHERE sp.story_id = story.id)",
        "ALTER TABLE story SET (toast_tuple_target = 128)",
        ROW_STORAGE,
        "CREATE TABLE IF NOT EXISTS search_word (word text PRIMARY KEY)",
        "CREATE INDEX IF NOT EXISTS ix_search_word_trgm ON search_word USING gin (word gin_trgm_ops)",
        # RUM is optional: where the extension is not installed, search ranks with ts_rank.
        f"""DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
                CREATE EXTENSION IF NOT EXISTS rum;
                CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON story USING rum (search_vector rum_tsvector_ops);
              END IF;
            END $$""",
    ]
    return made


TRIGGERS = tuple(f"story_pattern_places_{event}" for event in ("insert", "delete", "update"))


def create(connection) -> None:
    for statement in statements():
        connection.execute(text(statement))


def ensure(connection) -> None:
    """Create what is missing, and only then: ``ALTER TABLE ... IF NOT EXISTS`` takes an exclusive lock on
    the table even when there is nothing to add, which would queue every reader of ``story``
    behind it, and wait for ever on a transaction of the caller's own that has read ``story``.
    """
    if missing(connection):
        create(connection)
    elif not_kept_in_the_row(connection):
        connection.execute(text(ROW_STORAGE))


def missing(connection) -> list[str]:
    """What of the above is not in the database (empty when search can run)."""
    absent = []
    if not connection.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = :c"), {"c": CONFIG}).first():
        absent.append(f"text search configuration {CONFIG}")
    columns = set(connection.execute(text(
        "SELECT table_name || '.' || column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = ANY(:names)"), {"names": list(COLUMNS)}).scalars())
    absent += [f"{t}.{c}" for t in TABLES for c in COLUMNS if f"{t}.{c}" not in columns]
    indexes = set(connection.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(:names)"),
        {"names": list(INDEXES)}).scalars())
    absent += [f"index {name}" for name in INDEXES if name not in indexes]
    if not connection.execute(text("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                                   "AND table_name = 'story' AND column_name = 'search_places'")).first():
        absent.append("story.search_places")
    if not connection.execute(text("SELECT 1 FROM pg_proc WHERE proname = 'storybank_search_places'")).first():
        absent.append("function storybank_search_places")
    triggers = set(connection.execute(text(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('story_pattern') AND tgname = ANY(:names)"),
        {"names": list(TRIGGERS)}).scalars())
    absent += [f"trigger {name}" for name in TRIGGERS if name not in triggers]
    return absent


def not_kept_in_the_row(connection) -> list[str]:
    """Columns of ``ROW_COLUMNS`` that PostgreSQL may still move out of the row (search works, slower)."""
    return connection.execute(text(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('story') AND attname = ANY(:names) "
        "AND attstorage <> 'p' ORDER BY attname"), {"names": list(ROW_COLUMNS)}).scalars().all()


def has_rum(connection) -> bool:
    return bool(connection.execute(text(
        "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :n"), {"n": RUM_INDEX}).first())


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's comparison of models and database: ignore the objects made here."""
    return not (reflected and compare_to is None and name in OBJECT_NAMES)
