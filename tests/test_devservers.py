"""The throw-away servers other tests rely on: fresh databases, the extensions search needs, Redis."""

import psycopg
import pytest
from sqlalchemy import create_engine, text


def test_each_test_gets_a_fresh_empty_postgresql_database_with_unaccent(postgres_server, postgres_url):
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            tables = connection.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
            folded = connection.scalar(text("SELECT unaccent('financiën')"))
            connection.execute(text("CREATE TABLE left_behind (id integer)"))
    finally:
        engine.dispose()
    assert tables == 0
    assert folded == "financien"
    assert postgres_url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{postgres_server.port}/")


def test_the_next_database_does_not_see_the_last_ones_tables(postgres_url):
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT to_regclass('left_behind')")) is None
    finally:
        engine.dispose()


def test_the_cluster_listens_on_loopback_only(postgres_server):
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="postgres", dbname="postgres") as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"
        assert conn.execute("SHOW unix_socket_directories").fetchone()[0] == str(postgres_server.folder)


def test_redis_answers_and_is_emptied_for_each_test(redis_server, redis_url):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.dbsize() == 0
        client.set("storybank-test", "1")
        assert client.get("storybank-test") == b"1"
    finally:
        client.close()
