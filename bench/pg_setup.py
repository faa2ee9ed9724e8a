"""A throw-away PostgreSQL database filled with synthetic stories, for the search benchmarks.

The server is started the way the tests start theirs (storybank/devservers.py: initdb into a
temporary folder, a free port on 127.0.0.1, stopped afterwards). The schema comes from the
migrations, the places from the corpus; the synthetic stories (the same ones the Whoosh
benchmark indexes) are loaded with COPY, their search additions computed on the way in, so
each story's tsvector is computed once, as it would be when it was published.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from datetime import datetime, timezone

from sqlalchemy import text

from bench.synthetic import generate


@contextlib.contextmanager
def postgres_server(durable: bool = False):
    from storybank.devservers import start_postgres

    server = start_postgres(durable=durable)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def make_app(url: str, instance: str):
    from storybank import create_app

    return create_app({"SECRET_KEY": "bench", "INSTANCE": instance, "DATABASE_URL": url,
                       "SEARCH_REBUILD_ON_START": False})


def load(app, size: int, derivation: bool = True) -> float:
    """Schema, places, then ``size`` published synthetic stories; returns the seconds it took."""
    from storybank import schema
    from storybank.corpus import read_corpus
    from storybank.extensions import db
    from storybank.search.postgres import story_additions
    from storybank.services.content import sync_corpus

    start = time.perf_counter()
    with app.app_context():
        schema.upgrade()
        sync_corpus(read_corpus(app.config["CORPUS_DIR"]))
        with db.engine.begin() as connection:  # only the synthetic stories, like the Whoosh index
            for table in ("story_pattern", "audit_event", "story", "tip"):
                connection.execute(text(f"DELETE FROM {table}"))
            patterns = dict(connection.execute(text("SELECT slug, id FROM pattern")).all())
        now = datetime.now(timezone.utc)
        raw = db.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                with cursor.copy("COPY story (id, slug, title, narrator_label, narrator_role, month, year, text, "
                                 "status, source, created_at, updated_at, published_at, search_terms, search_hash) "
                                 "FROM STDIN") as copy:
                    assignments = []
                    for story in generate(size):
                        terms, digest = story_additions(story.title, story.text, f"Een {story.narrator_role} vertelt",
                                                        story.narrator_role, None) if derivation else (None, None)
                        copy.write_row((story.id, f"synthetisch-{story.id}", story.title,
                                        f"Een {story.narrator_role} vertelt", story.narrator_role, story.month,
                                        story.year, story.text, "published", "import", now, now, now,
                                        terms or None, digest))
                        assignments += [(story.id, patterns[slug], rank) for rank, slug in enumerate(story.patterns)]
                with cursor.copy("COPY story_pattern (story_id, pattern_id, rank, source, exemplary) FROM STDIN") as copy:
                    for story_id, pattern_id, rank in assignments:
                        copy.write_row((story_id, pattern_id, rank, "adviser", False))
                cursor.execute("SELECT setval(pg_get_serial_sequence('story', 'id'), %s)", (size + 1,))
            raw.commit()
        finally:
            raw.close()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - start


def database_mib(app) -> float:
    from storybank.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        return round(connection.execute(text("SELECT pg_database_size(current_database())")).scalar() / 2**20, 1)
