"""storybank backup and restore: a round trip that keeps everything, and the refusals."""

import sqlite3

import pytest

from storybank import schema
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Story


def add_submission(app, slug):
    with app.app_context(), curated():  # a fixture row, not typed text
        db.session.add(Story(slug=slug, title="t", narrator_label="Een ouder vertelt", narrator_role="ouder",
                             month=1, year=2024, text="x", source="form", teller_places=["ruimte"]))
        db.session.commit()


def slugs(app):
    with app.app_context():
        return set(db.session.scalars(db.select(Story.slug)))


@pytest.fixture
def initialised(initialised_app):
    add_submission(initialised_app, "voor-de-backup")
    return initialised_app


@pytest.mark.sqlite_only(reason="PostgreSQL is backed up with pg_dump")
def test_backup_and_restore_round_trip_while_another_writer_is_busy(initialised, runner, tmp_path):
    before = slugs(initialised)
    # A writer in the middle of a transaction: the backup does not wait for it, nor copy its work.
    writer = sqlite3.connect(tmp_path / "instance" / "storybank.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE story SET title = 'half af'")
    made = runner.invoke(cli, ["backup", str(tmp_path / "kopie.sqlite")])
    writer.execute("ROLLBACK")
    writer.close()
    assert made.exit_code == 0, made.output
    assert f"{len(before)} stories, schema revision {schema.head()}" in made.output
    add_submission(initialised, "na-de-backup")
    with initialised.app_context():
        db.session.execute(db.delete(Story).where(Story.slug == "voor-de-backup"))
        db.session.commit()

    refused = runner.invoke(cli, ["restore", str(tmp_path / "kopie.sqlite")])
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert "na-de-backup" in slugs(initialised)  # nothing changed

    restored = runner.invoke(cli, ["restore", "--yes", str(tmp_path / "kopie.sqlite")])
    assert restored.exit_code == 0, restored.output
    assert slugs(initialised) == before
    with initialised.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == "voor-de-backup"))
        assert story.teller_places == ["ruimte"] and "half af" not in story.title
        assert schema.current() == schema.head()
    assert "search index:" in restored.output
    assert runner.invoke(cli, ["backup", str(tmp_path / "kopie.sqlite")]).exit_code == 1  # exists: refused


@pytest.mark.sqlite_only(reason="PostgreSQL is backed up with pg_dump")
def test_restore_refuses_a_damaged_or_foreign_file(initialised, runner, tmp_path):
    garbage = tmp_path / "kapot.sqlite"
    garbage.write_bytes(b"dit is geen database" * 100)
    result = runner.invoke(cli, ["restore", "--yes", str(garbage)])
    assert result.exit_code == 1 and "not an SQLite database" in result.output
    other = tmp_path / "ander.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE iets (id integer)").connection.commit()
    result = runner.invoke(cli, ["restore", "--yes", str(other)])
    assert result.exit_code == 1 and "not a Storybank database" in result.output
    assert "voor-de-backup" in slugs(initialised)


@pytest.mark.sqlite_only(reason="PostgreSQL is backed up with pg_dump")
def test_restore_refuses_a_backup_from_a_newer_schema(initialised, runner, tmp_path):
    copy = tmp_path / "nieuwer.sqlite"
    assert runner.invoke(cli, ["backup", str(copy)]).exit_code == 0
    connection = sqlite3.connect(copy)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    result = runner.invoke(cli, ["restore", "--yes", str(copy)])
    assert result.exit_code == 1 and "revision 9999, which this Storybank does not know" in result.output


def test_on_postgresql_backup_points_to_pg_dump(tmp_path, postgres_url):
    from storybank import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE": str(tmp_path / "i"),
                      "DATABASE_URL": postgres_url})
    try:
        result = app.test_cli_runner().invoke(cli, ["backup", str(tmp_path / "kopie")])
        assert result.exit_code == 1 and "pg_dump --format=custom" in result.output
        assert not (tmp_path / "kopie").exists()
    finally:
        with app.app_context():
            db.engine.dispose()
