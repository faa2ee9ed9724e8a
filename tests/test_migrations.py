"""Revision 0002 on both databases: conventional constraint names, lists and findings as JSON."""

import pytest
from alembic import command
from sqlalchemy import CheckConstraint, ForeignKeyConstraint, UniqueConstraint, inspect

from storybank import schema
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Story


def make_baseline_database(app):
    with app.app_context(), db.engine.begin() as connection:
        command.upgrade(schema._config(connection), schema.BASELINE)
        connection.exec_driver_sql("DROP TABLE alembic_version")


def expected_names(table):
    names = {"pk": table.primary_key.name, "uq": set(), "fk": set(), "ck": set()}
    for constraint in table.constraints:
        kind = {UniqueConstraint: "uq", ForeignKeyConstraint: "fk", CheckConstraint: "ck"}.get(type(constraint))
        if kind:
            names[kind].add(constraint.name)
    return names


def reflected_names(inspector, table):
    return {"pk": inspector.get_pk_constraint(table)["name"],
            "uq": {uq["name"] for uq in inspector.get_unique_constraints(table)},
            "fk": {fk["name"] for fk in inspector.get_foreign_keys(table)},
            "ck": {ck["name"] for ck in inspector.get_check_constraints(table)}}


@pytest.mark.parametrize("start", ["new", "made before migrations"])
def test_every_constraint_has_its_conventional_name(empty_app, runner, start):
    if start != "new":
        make_baseline_database(empty_app)
    assert runner.invoke(cli, ["init"]).exit_code == 0
    with empty_app.app_context():
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            assert reflected_names(inspector, table.name) == expected_names(table), table.name
    assert expected_names(db.metadata.tables["story"]) == {
        "pk": "pk_story", "uq": {"uq_story_slug", "uq_story_reference"},
        "fk": {"fk_story_near_duplicate_of_id_story"},
        "ck": {"ck_story_status_allowed", "ck_story_source_allowed", "ck_story_month_range"}}


def test_teller_places_and_findings_become_json_and_keep_their_values(empty_app, runner):
    make_baseline_database(empty_app)
    with empty_app.app_context(), db.engine.begin() as connection:
        for slug, places, findings in [("twee", "ruimte,spanning", '[{"kind": "persoon", "start": 3}]'),
                                       ("geen", None, None), ("leeg", "", "")]:
            connection.exec_driver_sql(
                "INSERT INTO story (slug, title, narrator_label, narrator_role, month, year, text, status, "
                "source, created_at, updated_at, teller_places, findings) VALUES (%(slug)s, %(slug)s, 'Een ouder "
                "vertelt', 'ouder', 1, 2024, 'x', 'submitted', 'form', '2024-01-01 00:00:00', "
                "'2024-01-01 00:00:00', %(places)s, %(findings)s)"
                if connection.dialect.paramstyle == "pyformat" else
                "INSERT INTO story (slug, title, narrator_label, narrator_role, month, year, text, status, "
                "source, created_at, updated_at, teller_places, findings) VALUES (:slug, :slug, 'Een ouder "
                "vertelt', 'ouder', 1, 2024, 'x', 'submitted', 'form', '2024-01-01 00:00:00', "
                "'2024-01-01 00:00:00', :places, :findings)",
                {"slug": slug, "places": places, "findings": findings})
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        # keyed by title: a story that was never published has no address after revision 0007
        stories = {s.title: s for s in db.session.scalars(db.select(Story).where(Story.source == "form"))}
        assert stories["twee"].teller_places == ["ruimte", "spanning"]
        assert stories["twee"].teller_place_slugs == ["ruimte", "spanning"]
        assert stories["twee"].findings == [{"kind": "persoon", "start": 3}]
        assert stories["geen"].teller_places is None and stories["geen"].findings is None
        assert stories["leeg"].teller_places is None and stories["leeg"].findings is None
        # and JSON queries work on both databases
        assert db.session.scalar(db.select(db.func.count()).select_from(Story)
                                 .where(Story.teller_places.is_not(None), Story.source == "form")) == 1


def test_revision_0007_keeps_published_addresses_and_drops_those_made_from_unreviewed_titles(empty_app):
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(schema._config(connection), "0006")
        rows = [(1, "op-de-site", "published", "form"), (2, "nooit-bekeken", "submitted", "form"),
                (3, "ooit-gepubliceerd", "submitted", "form"), (4, "afgewezen", "rejected", "import"),
                (5, "ingetrokken-5", "withdrawn", "form"), (6, "uit-het-corpus", "submitted", "corpus")]
        for story_id, slug, status, source in rows:
            connection.execute(db.text(
                "INSERT INTO story (id, slug, title, narrator_label, narrator_role, month, year, text, status, "
                "source, created_at, updated_at, version) VALUES (:id, :slug, 't', 'Een ouder vertelt', 'ouder', "
                "1, 2024, 'x', :status, :source, '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)"),
                {"id": story_id, "slug": slug, "status": status, "source": source})
        connection.execute(db.text("INSERT INTO audit_event (at, story_id, action) VALUES "
                                   "('2024-01-02 00:00:00', 3, 'published')"))
        command.upgrade(schema._config(connection), "head")
        slugs = dict(connection.execute(db.text("SELECT id, slug FROM story")).all())
    assert slugs == {1: "op-de-site", 2: None, 3: "ooit-gepubliceerd", 4: None, 5: None, 6: "uit-het-corpus"}
