"""Every free-text field reaches the database only through the anonymiser (storybank/anonymity.py)."""

import json

import pytest
from sqlalchemy import String, Text

from storybank.anonymity import FREE_TEXT, NOT_FREE_TEXT, Clean, RawTextError, clean, curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import AuditEvent, Pattern, Story, Tip
from tests.helpers import confirm, preview, review_version

SECRET_ROLE = "maatje van Joost de Vries, bel 06-12345678"


def test_every_string_column_is_classified_as_free_text_or_not():
    columns = {f"{table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns
               if isinstance(column.type, (String, Text))}
    assert columns, "no string columns found"
    assert columns - FREE_TEXT.keys() - NOT_FREE_TEXT.keys() == set()
    assert FREE_TEXT.keys() & NOT_FREE_TEXT.keys() == set()


def a_row(table: str):
    """A valid row of the table, built from curated values."""
    pattern = Pattern(slug="p", name="P", place_name="P", summary="s", description="d", map_x=1, map_y=1)
    story = Story(slug="s", title="t", narrator_label="Een ouder vertelt", narrator_role="ouder", month=1,
                  year=2024, text="t", source="form")
    return {"story": story, "pattern": pattern, "tip": Tip(pattern=pattern, audience="professionals", text="t"),
            "audit_event": AuditEvent(action="x")}[table]


@pytest.mark.parametrize("column", sorted(FREE_TEXT))
def test_raw_text_in_a_free_text_column_is_refused(app, deduce, column):
    table, key = column.split(".")
    with app.app_context():
        with curated():
            row = a_row(table)
            db.session.add(row)
            db.session.flush()
        setattr(row, key, "Joost de Vries belde 06-12345678")
        with pytest.raises(RawTextError, match=column.replace(".", r"\.")):
            db.session.flush()
        db.session.rollback()
        with curated():
            row = a_row(table)
            db.session.add(row)
            db.session.flush()
        setattr(row, key, clean("Joost de Vries belde 06-12345678"))
        db.session.flush()  # the anonymiser's output passes
        assert "06-12345678" not in getattr(row, key)
        db.session.rollback()


def test_a_bulk_update_with_raw_text_is_refused(app):
    with app.app_context():
        with pytest.raises(RawTextError):
            db.session.execute(db.update(Story).where(Story.id == 1).values(title="Joost de Vries"))
        db.session.rollback()
        db.session.execute(db.update(Story).where(Story.id == 1).values(status="published"))  # no free text


def test_the_curated_corpus_loads_through_the_documented_exception(app):
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Story).where(Story.source == "corpus")) > 50


def test_clean_marks_the_anonymiser_output(deduce):
    value = clean("Bel Kasia op 06-12345678.")
    assert isinstance(value, Clean) and "06-12345678" not in value


def assert_nowhere(dump, *secrets):
    for secret in secrets:
        assert secret not in dump


def test_the_narrator_free_text_role_is_anonymised_in_preview_and_storage(share_client, app, database_dump):
    fields = dict(narrator_role="anders", narrator_role_other=SECRET_ROLE)
    html = preview(share_client, **fields)
    shown = html[html.index("<article"):html.index("</article>")]
    assert "Vries" not in shown and "06-12345678" not in shown and "[telefoonnummer]" in shown
    assert confirm(share_client, html, **fields).status_code == 302
    with app.app_context():
        story = db.session.scalar(db.select(Story).order_by(Story.id.desc()))
        assert story.narrator_role_other.startswith("maatje van [persoon")
        assert story.narrator_label.startswith("Een maatje van [persoon") and "[telefoonnummer]" in story.narrator_label
    assert_nowhere(database_dump(app), "Vries", "06-12345678")


def test_every_import_column_is_anonymised(app, tmp_path, deduce, database_dump):
    row = {"title": "Joost de Vries en het formulier", "text": "Het formulier " * 30 + "en Joost de Vries belde.",
           "role": "anders", "narrator_role_other": SECRET_ROLE, "narrator": "Een maatje van Joost de Vries vertelt",
           "told": "2023-04"}
    path = tmp_path / "import.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(cli, ["import", str(path)])
    assert "1 imported" in result.output, result.output
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.source == "import"))
        assert story.narrator_label.startswith("Een maatje van [persoon")
    assert_nowhere(database_dump(app), "Vries", "Kasia", "06-12345678")


def test_rejection_reason_and_its_audit_line_are_anonymised(app, adviser_client, deduce, database_dump):
    with app.app_context():
        story_id = db.session.scalar(db.select(Story.id).where(Story.source == "corpus"))
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id),
        "action": "reject", "reason": "Herkenbaar: Joost de Vries, 06-12345678, staat erin"})
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.status == "rejected" and "[telefoonnummer]" in story.rejection_reason
        audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "rejected"))
        assert "[telefoonnummer]" in audit.detail
    assert_nowhere(database_dump(app), "Vries", "06-12345678")


def test_adviser_edits_are_anonymised(app, adviser_client, deduce, database_dump):
    with app.app_context():
        story_id = db.session.scalar(db.select(Story.id).where(Story.source == "corpus"))
    adviser_client.post(f"/beheer/verhaal/{story_id}", data={"version": review_version(adviser_client, story_id),
        "action": "save", "title": "Bij Joost de Vries thuis", "text": "Joost de Vries belde 06-12345678 " * 8})
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.title.startswith("Bij [persoon 1]") and "[telefoonnummer]" in story.text
    assert_nowhere(database_dump(app), "Vries", "06-12345678")


def test_a_promoted_place_is_anonymised(app, adviser_client, deduce, database_dump):
    adviser_client.post("/beheer/opkomend", data={
        "story_ids": [], "name": "Het plan van Joost de Vries", "place": "Bureau van Joost de Vries",
        "description": "Zoals Joost de Vries (06-12345678) het zag. Meer niet."})
    with app.app_context():
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.status == "emerging"))
        assert pattern.name.startswith("Het plan van [persoon")
        assert "[telefoonnummer]" in pattern.description and "[persoon" in pattern.summary
    assert_nowhere(database_dump(app), "Vries", "06-12345678")

