"""Exports are read by spreadsheets and qualitative-analysis programs: no cell runs as a formula,
and the QDPX project file parses whatever control characters a title holds."""

import csv
import io
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from storybank.exchange.export import csv_cell, to_csv, to_qdpx, xml_text


def story(title="Vier loketten", text="Een verhaal.", **fields):
    pattern = SimpleNamespace(slug="stroperigheid", name="Stroperig\x01heid", summary="Alles\x0b duurt lang")
    values = dict(slug="vier-loketten", title=title, narrator_label="Een ouder vertelt", narrator_role="ouder",
                  organisation_type=None, year=2025, month=5, told="mei 2025", text=text, patterns=[pattern])
    values.update(fields)
    return SimpleNamespace(**values), pattern


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_quoted(start):
    value = f"{start}HYPERLINK(\"http://example.org\")"
    assert csv_cell(value) == "'" + value
    assert csv_cell("Gewoon een titel") == "Gewoon een titel" and csv_cell(None) is None


def test_no_cell_of_a_csv_export_starts_a_formula():
    row, _ = story(title="=cmd|' /C calc'!A0", text="+31 6 12345678 belde", narrator_label="@verteller")
    cells = [cell for line in csv.reader(io.StringIO(to_csv([row]))) for cell in line]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=cmd|' /C calc'!A0" in cells


def test_a_title_with_control_characters_still_makes_a_valid_project_file():
    row, pattern = story(title="Vier\x0b loketten\x01", text="Een\x0c verhaal.")
    archive = zipfile.ZipFile(io.BytesIO(to_qdpx([row], [pattern])))
    project = ElementTree.fromstring(archive.read("project.qde"))  # raises on invalid XML
    names = [element.get("name") for element in project.iter() if element.tag.endswith("TextSource")]
    assert names == ["Vier loketten"]


def test_xml_text_keeps_tabs_newlines_and_every_allowed_character():
    assert xml_text("a\tb\nc\rd é 😀") == "a\tb\nc\rd é 😀"
    assert xml_text("a\x00b\x0bc\ufffed") == "abcd"
