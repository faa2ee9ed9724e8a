"""Schema migrations: init creates, stamps or upgrades the database and keeps what is stored."""

import shutil

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storybank import schema
from storybank.cli import cli
from storybank.extensions import db
from storybank.search.pg_schema import include_object
from tests.helpers import add_submission, has_submission

# A revision after the newest one (whatever number that is on this branch).
NEXT_REVISION = '''"""Test only: an index on the story year."""

from alembic import op

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_story_year_test", "story", ["year"])


def downgrade():
    op.drop_index("ix_story_year_test", "story")
'''


def test_the_migrations_build_exactly_the_schema_the_models_describe(empty_app):
    with empty_app.app_context():
        schema.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_init_creates_a_new_database_at_the_newest_revision(runner, empty_app):
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"schema: created at revision {schema.head()}" in result.output
    with empty_app.app_context():
        assert schema.current() == schema.head()


def make_baseline_database(app):
    """A database as init made it before migrations existed: the baseline schema, no alembic_version."""
    with app.app_context(), db.engine.begin() as connection:
        command.upgrade(schema._config(connection), schema.BASELINE)
        connection.exec_driver_sql("DROP TABLE alembic_version")


def test_a_database_made_before_migrations_is_stamped_and_keeps_its_stories(runner, empty_app):
    make_baseline_database(empty_app)
    with empty_app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO story (slug, title, narrator_label, narrator_role, month, year, text, status, source, "
            "created_at, updated_at) VALUES ('ingestuurd', 't', 'Een ouder vertelt', 'ouder', 1, 2024, 'x', "
            "'published', 'form', '2025-01-01', '2025-01-01')")  # published: it keeps its address (0007)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"made before migrations, marked as revision 0001 and upgraded to {schema.head()}" in result.output
    assert has_submission(empty_app)


def test_a_database_made_by_create_all_of_this_version_is_marked_as_current(runner, empty_app):
    with empty_app.app_context():
        db.create_all()
    add_submission(empty_app)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"made without migrations, marked as revision {schema.head()}" in result.output
    assert has_submission(empty_app)


def test_init_and_serve_refuse_an_old_database_that_lacks_a_column(runner, empty_app, monkeypatch):
    with empty_app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE story DROP COLUMN rejection_reason")
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 1 and "lacks story.rejection_reason" in result.output
    assert "storybank init --reset" in result.output
    monkeypatch.setattr("storybank.serving.serve", lambda app, **kwargs: None)
    served = runner.invoke(cli, ["serve"])
    assert served.exit_code == 1 and "run 'storybank init' to upgrade it" in served.output


def test_init_upgrades_an_older_revision_and_keeps_the_data(initialised_app, runner, tmp_path, monkeypatch):
    add_submission(initialised_app)
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, migrations)
    head = schema.head()
    following = f"{int(head) + 1:04d}"
    (migrations / "versions" / f"{following}_test.py").write_text(
        NEXT_REVISION.format(next=following, head=head), encoding="utf-8")
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr("storybank.serving.serve", lambda app, **kwargs: None)
    behind = runner.invoke(cli, ["serve"])
    assert behind.exit_code == 1 and f"revision {head}, this Storybank expects {following}" in behind.output
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"upgraded from revision {head} to {following}, data kept" in result.output
    assert has_submission(initialised_app)
    with initialised_app.app_context():
        assert "ix_story_year_test" in {i["name"] for i in db.inspect(db.engine).get_indexes("story")}
    assert runner.invoke(cli, ["serve"]).exit_code == 0


def test_init_reset_starts_again_from_the_first_revision(initialised_app, runner):
    add_submission(initialised_app)
    result = runner.invoke(cli, ["init", "--reset", "--yes"])
    assert result.exit_code == 0, result.output
    assert "schema: created at revision" in result.output
    assert not has_submission(initialised_app)
