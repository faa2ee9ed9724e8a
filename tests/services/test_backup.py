"""storybank/services/backup.py: SQLite's online backup, and the refusals (the command: tests/cli)."""

import sqlite3

import pytest

from storybank.extensions import db
from storybank.models import Story
from storybank.services import backup


@pytest.mark.sqlite_only("the backup API of SQLite")
def test_a_backup_is_one_self_contained_file_that_restores_what_it_held(app, tmp_path, corpus):
    target = tmp_path / "kopie.sqlite"
    with app.app_context():
        summary = backup.backup(target)
        assert summary == {"revision": None, "stories": len(corpus.stories)}  # made by create_all: no revision
        db.session.execute(db.delete(Story).where(Story.source == "corpus"))
        db.session.commit()
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT count(*) FROM story").fetchone()[0] == len(corpus.stories)
    finally:
        copy.close()
    assert not list(tmp_path.glob(".*.partial"))
    with app.app_context():
        copy = sqlite3.connect(target)
        copy.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        copy.execute("INSERT INTO alembic_version VALUES ('0001')")
        copy.commit()
        copy.close()
        assert backup.restore(target) == {"revision": "0001", "stories": len(corpus.stories)}
        assert db.session.scalar(db.select(db.func.count()).select_from(Story)) == len(corpus.stories)


@pytest.mark.sqlite_only("the backup API of SQLite")
def test_restore_refuses_what_is_no_storybank_database_and_changes_nothing(app, tmp_path, corpus):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"dit is geen database" * 100)
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE iets (x)")
    connection.close()
    newer = tmp_path / "newer.sqlite"
    with app.app_context():
        backup.backup(newer)
    connection = sqlite3.connect(newer)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()
    with app.app_context():
        for path, message in ((junk, "is not an SQLite database"), (other, "not a Storybank database"),
                              (newer, "revision 9999, which this Storybank does not know")):
            with pytest.raises(backup.BackupError, match=message):
                backup.restore(path)
        assert db.session.scalar(db.select(db.func.count()).select_from(Story)) == len(corpus.stories)
        assert backup.live_database_has_data()


def test_postgresql_is_sent_to_pg_dump_and_the_password_is_not_shown(make_app, postgres_server, tmp_path):
    name = postgres_server.create_database()
    url = postgres_server.url(name).replace("postgres@", "postgres:geheim@")
    app = make_app(DATABASE_URL=url, INSTANCE=str(tmp_path / "pg"), SEARCH_REBUILD_ON_START=False)
    with app.app_context():
        with pytest.raises(backup.BackupError, match="pg_dump") as refused:
            backup.backup(tmp_path / "kopie.sqlite")
        assert "geheim" not in str(refused.value) and "***" in str(refused.value)
        with pytest.raises(backup.BackupError, match="pg_restore"):
            backup.restore(tmp_path / "kopie.sqlite")
    assert not (tmp_path / "kopie.sqlite").exists()
