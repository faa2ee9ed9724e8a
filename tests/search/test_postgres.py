"""What is particular to the PostgreSQL backend: one database for every server, its schema objects."""

from pathlib import Path

import pytest
from sqlalchemy import text

from storybank import create_app, schema, search
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.config import ConfigError
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from storybank.search import pg_schema
from tests.helpers import commit_rows


@pytest.fixture
def database_url(postgres_url):
    return postgres_url


def hits(client, **params):
    data = client.get("/api/v1/zoek", query_string=params).get_json()
    return data["pagination"]["total"], [r["title"] for r in data["results"]]


def test_postgres_is_the_default_backend_on_postgresql(indexed_app):
    with indexed_app.app_context():
        assert search.get_backend().name == "postgres"
        assert search.get_index() is None  # no files in the instance folder
    assert not list(Path(indexed_app.instance_path).glob("search*"))


def test_a_story_published_through_one_server_is_found_on_another_at_once(indexed_app, tmp_path):
    other = create_app({"TESTING": True, "SECRET_KEY": "test", "INSTANCE": str(tmp_path / "other-server"),
                        "DATABASE_URL": indexed_app.config["DATABASE_URL"]})
    assert hits(other.test_client(), q="stratosfeerballon")[0] == 0
    with indexed_app.app_context(), curated():  # fixture rows, not typed text
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "ruimte"))
        story = Story(slug="ballon", title="De stratosfeerballon", narrator_label="Een ouder vertelt",
                      narrator_role="ouder", month=5, year=2025, status="published", source="form",
                      text="Wij lieten een stratosfeerballon op met de hele klas.")
        story.assignments.append(StoryPattern(pattern=pattern, rank=0, source="adviser"))
        db.session.add(story)
        commit_rows()
    assert hits(other.test_client(), q="stratosfeerballon", patroon="ruimte") == (1, ["De stratosfeerballon"])
    with indexed_app.app_context():
        db.session.scalar(db.select(Story).where(Story.slug == "ballon")).status = "submitted"
        commit_rows()
    assert hits(other.test_client(), q="stratosfeerballon")[0] == 0
    with other.app_context():
        for engine in db.engines.values():
            engine.dispose()


def test_the_migrations_create_every_search_object(empty_app):
    with empty_app.app_context():
        schema.upgrade()
        with db.engine.connect() as connection:
            assert pg_schema.missing(connection) == []
        assert search.get_backend().healthy()


def test_without_its_objects_search_answers_503_and_rebuilds_them(indexed_app, caplog):
    with indexed_app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_story_search_vector"))
        connection.execute(text("ALTER TABLE story DROP COLUMN search_vector"))
    client = indexed_app.test_client()
    assert client.get("/zoeken?q=regels").status_code == 503
    assert client.get("/api/v1/zoek?q=regels").status_code == 503
    assert client.get("/").status_code == 200
    for thread in __import__("threading").enumerate():
        if thread.name == "storybank-reindex":
            thread.join(timeout=120)
    assert "rebuilding it from the database" in caplog.text
    assert hits(client, q="regels")[0] > 0


def test_a_rebuild_does_not_wait_for_a_reader_elsewhere(indexed_app):
    """Once the search objects exist, a rebuild takes no table lock: a read transaction held open by
    another server (here another connection) does not make it wait (it did, until lock_timeout)."""
    with indexed_app.app_context(), db.engine.connect() as reader:
        assert reader.execute(text("SELECT count(*) FROM story")).scalar() > 0  # its transaction stays open
        assert search.reindex() > 0
        reader.rollback()


def test_reindex_repairs_a_dropped_trigger(indexed_app):
    with indexed_app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER story_pattern_places_insert ON story_pattern"))
        assert pg_schema.missing(connection) == ["trigger story_pattern_places_insert"]
    with indexed_app.app_context():
        assert not search.get_backend().healthy()
        search.reindex()
        with db.engine.connect() as connection:
            assert pg_schema.missing(connection) == []


def test_reindex_check_finds_additions_older_than_their_text(indexed_app):
    runner = indexed_app.test_cli_runner()
    result = runner.invoke(cli, ["reindex", "--check"])
    assert result.exit_code == 0, result.output
    assert "agrees with the database" in result.output
    with indexed_app.app_context(), db.engine.begin() as connection:  # behind the app's back: no hook
        story_id = connection.execute(text("UPDATE story SET text = text || ' Nagekomen zin.' "
                                           "WHERE slug = 'ik-teken-zelf' RETURNING id")).scalar()
    result = runner.invoke(cli, ["reindex", "--check"])
    assert result.exit_code == 1
    assert f"stale (1): story:{story_id}" in result.output
    with indexed_app.app_context():
        search.get_backend().catch_up(db.engine)
    assert runner.invoke(cli, ["reindex", "--check"]).exit_code == 0


def test_search_setting_is_checked_at_start_up(tmp_path, postgres_url):
    with pytest.raises(ConfigError, match="needs a PostgreSQL database"):
        create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE": str(tmp_path / "a"), "SEARCH": "postgres"})
    with pytest.raises(ConfigError, match="must be one of whoosh, postgres"):
        create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE": str(tmp_path / "b"), "SEARCH": "solr"})
    chosen = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE": str(tmp_path / "c"),
                         "DATABASE_URL": postgres_url, "SEARCH": "whoosh"})
    assert chosen.extensions["storybank.search"].name == "whoosh"
    with chosen.app_context():
        for engine in db.engines.values():
            engine.dispose()


def test_ranking_from_the_rum_index_and_with_ts_rank_agree_on_totals_facets_and_best_hit(indexed_app):
    from storybank.search import pg_query
    from storybank.search.base import SearchRequest

    requests = [SearchRequest(text=t) for t in ("gemeente", "wachtlijst", "regels wachten", "inkoop jeugdhulp")]
    requests += [SearchRequest(text="gemeente", pattern="samenspel", page=2), SearchRequest(text="ouders", sort="datum"),
                 SearchRequest(kind="tip"), SearchRequest(text="zzzonbekend")]
    with indexed_app.app_context():
        assert search.get_backend().healthy() and search.get_backend().ranking == "rum"
        for request in requests:
            rum = pg_query.run(db.session, request, ranking="rum")
            plain = pg_query.run(db.session, request, ranking="plain")
            assert (rum.total, rum.facets, rum.page) == (plain.total, plain.facets, plain.page), request
            assert len(rum.hits) == len(plain.hits)
            if request.sort == "datum" or not request.text:
                assert [h.key for h in rum.hits] == [h.key for h in plain.hits]
        assert pg_query.run(db.session, requests[1], ranking="rum").hits[0].key == \
            pg_query.run(db.session, requests[1], ranking="plain").hits[0].key


def _buffers_to_read_every_place(connection) -> tuple[int, int]:
    """Shared buffers a full read of search_places touches, and the table's own pages."""
    plan = connection.execute(text(
        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT sum(cardinality(search_places)) FROM story")).scalar()
    pages = connection.execute(text("SELECT pg_relation_size('story') / current_setting('block_size')::int")).scalar()
    node = plan[0]["Plan"]
    return node["Shared Hit Blocks"] + node["Shared Read Blocks"], pages


def test_facet_columns_stay_in_the_row_so_counting_matches_reads_no_toast(indexed_app):
    """With toast_tuple_target = 128, PostgreSQL moved search_places out of the row and every
    counted match cost a TOAST lookup; stored PLAIN, a read of every story's places touches only
    the table's own pages. reindex puts the storage right where it was changed."""
    rewrite = "UPDATE story SET search_places = search_places || '{}'::int[], narrator_role = narrator_role || ''"
    with indexed_app.app_context(), db.engine.begin() as connection:
        stories = connection.execute(text("SELECT count(*) FROM story")).scalar()
        assert pg_schema.not_kept_in_the_row(connection) == []
        connection.execute(text(rewrite))
        kept, pages = _buffers_to_read_every_place(connection)
        assert kept <= pages + 2
        connection.execute(text(pg_schema.ROW_STORAGE.replace("PLAIN", "EXTENDED")))
        connection.execute(text(rewrite))
        moved, pages = _buffers_to_read_every_place(connection)
        assert moved > pages + stories  # a TOAST index lookup per story
        assert pg_schema.not_kept_in_the_row(connection) == ["narrator_role", "search_places", "status"]
    with indexed_app.app_context():
        assert search.get_backend().healthy()  # slower, not broken: search keeps answering
        search.reindex()
        with db.engine.connect() as connection:
            assert pg_schema.not_kept_in_the_row(connection) == []
