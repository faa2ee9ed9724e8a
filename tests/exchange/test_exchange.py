"""storybank import and export."""

import csv
import io
import json
import zipfile
from xml.etree import ElementTree

from storybank.cli import cli
from storybank.exchange.k2 import HEADINGS, read_k2
from storybank.extensions import db
from storybank.models import Story
from tests.helpers import DATA

LONG = ("Het duurde maanden voordat iemand het formulier begreep. Mijn collega Joost de Vries belde "
        "uiteindelijk zelf naar 06-12345678 om het uit te zoeken.")


def imported(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Story).where(Story.source == "import").order_by(Story.id)))


def write_jsonl(tmp_path, rows):
    path = tmp_path / "verhalen.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_k2_reader_finds_stories_and_merges_one_listed_twice():
    records, _ = read_k2((DATA / "k2_sample.txt").read_text(encoding="utf-8"))
    assert [r.title for r in records] == ["Het formulier van elf pagina's", "Twee loketten, één vraag",
                                          "Het buurtfeest zonder vergunning"]
    assert records[1].patterns == ["stroperigheid", "participatie"]
    assert (records[1].month, records[1].year, records[1].narrator_role) == (4, 2020, "beleidsmedewerker")
    assert records[0].narrator_role == "anders" and records[0].narrator_role_other == "consulent"


def k2_page() -> tuple[str, int]:
    """A page laid out as the K2 site's text is, with every place heading the reader knows: an
    introduction, per heading two stories and a tips block without a narrator; one story listed
    again under the next heading with another title, and one listed twice under its own heading.
    Returns the text and how many listings it has."""
    narrators = ["Een manager jeugdteams vertelt", "Een inkoper van een gemeente vertelt:",
                 "Een projectleider jeugd van een gemeente vertelt", "Een moeder vertelt"]
    months = ["Juni 2015", "April, 2016", "januari 2018", "December 2020"]
    lines = ["Transformatieverhalen", "", "» Waar komen de verhalen vandaan", "", "Een inleiding zonder verteller.",
             "[sluiten]", ""]
    listings = 0
    for number, heading in enumerate(HEADINGS):
        lines += [heading, "", "Wat deze plaats betekent, in twee zinnen zonder verteller.", ""]
        for story in range(2):
            n = 2 * number + story
            lines += [f"» Verhaal {n}", "", narrators[n % 4], "",
                      f"Het duurde weken voordat iemand besloot over aanvraag {n}.",
                      f"Het gezin wachtte al die tijd op hulp ({heading.lower()}).", "", months[n % 4], "[sluiten]", ""]
            listings += 1
        lines += ["» Tips", "", "Een tip voor professionals, zonder verteller.", "[sluiten]", ""]
    # Story 0 again under the second heading (another title), story 2 again under its own heading.
    second = list(HEADINGS)[1]
    at = lines.index(second) + 1
    lines[at:at] = ["", "» Hetzelfde verhaal, andere titel", "", narrators[0], "",
                    "Het duurde weken voordat iemand besloot over aanvraag 0.",
                    f"Het gezin wachtte al die tijd op hulp ({list(HEADINGS)[0].lower()}).", "", months[0], "[sluiten]"]
    at = lines.index("» Verhaal 3")
    lines[at:at] = lines[lines.index("» Verhaal 2"):at]
    return "\n".join(lines), listings + 2


def test_k2_reader_on_a_whole_page_with_every_place():
    page, listings = k2_page()
    records, _ = read_k2(page)
    assert len(records) == listings - 2 == 2 * len(HEADINGS)  # the two repeated listings are merged
    assert {slug for r in records for slug in r.patterns} == set(HEADINGS.values())
    assert [r.title for r in records] == [f"Verhaal {n}" for n in range(len(records))]
    first, second = list(HEADINGS.values())[:2]
    assert records[0].patterns == [first, second] and records[2].patterns == [second]
    assert all(r.month and r.year for r in records)
    assert [(r.month, r.year) for r in records[:4]] == [(6, 2015), (4, 2016), (1, 2018), (12, 2020)]
    assert [(r.narrator_role, r.narrator_role_other) for r in records[:4]] == [
        ("manager-jeugdteam", None), ("inkoper", None), ("beleidsmedewerker", None), ("anders", "moeder")]
    assert records[1].text == ("Het duurde weken voordat iemand besloot over aanvraag 1.\n\n"
                               f"Het gezin wachtte al die tijd op hulp ({list(HEADINGS)[0].lower()}).")
    assert not any("verteller" in r.text for r in records)  # introduction, descriptions and tips are no stories


def test_import_jsonl_anonymises_and_queues(app, runner, tmp_path, deduce):
    app.config["CORPUS_DIR"] = str(DATA.parent.parent / "corpus")
    path = write_jsonl(tmp_path, [
        {"title": "Een lang formulier", "text": LONG, "role": "wmo-consulent", "told": "2023-04",
         "patterns": ["stroperigheid"]},
        "{dit is geen json",
        {"title": "Zonder datum", "text": LONG + " Anders.", "role": "ouder"},
        {"title": "Onbekende plaats", "text": LONG + " Weer anders.", "role": "ouder", "told": "2023-01",
         "patterns": ["maanland"]},
    ])
    result = app.test_cli_runner().invoke(cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 duplicate, 3 skipped" in result.output
    assert f"skipped {path}:line 2:" in result.output and f"{path}:line 3: no month and year" in result.output
    assert f"{path}:line 4: unknown place(s): maanland" in result.output
    [story] = imported(app)
    assert story.status == "submitted" and "Joost" not in story.text and "[telefoonnummer]" in story.text


def test_reimporting_the_same_file_adds_nothing(app, tmp_path, deduce):
    path = write_jsonl(tmp_path, [{"title": "Een", "text": LONG, "role": "ouder", "told": "2022-02"}])
    runner = app.test_cli_runner()
    runner.invoke(cli, ["import", str(path)])
    again = runner.invoke(cli, ["import", str(path)])
    assert "0 imported, 1 duplicate, 0 skipped" in again.output
    assert len(imported(app)) == 1


def test_import_csv_with_publish(app, client, tmp_path, deduce):
    path = tmp_path / "verhalen.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["title", "text", "narrator_role", "month", "year", "patterns"])
        writer.writeheader()
        writer.writerow({"title": "Gepubliceerd via csv", "text": LONG, "narrator_role": "inkoper", "month": "5",
                         "year": "2024", "patterns": "spanning;samenspel"})
    result = app.test_cli_runner().invoke(cli, ["import", str(path), "--publish"])
    assert "1 imported" in result.output
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.source == "import"))
        assert story.status == "published" and [p.slug for p in story.patterns] == ["spanning", "samenspel"]
    assert "Gepubliceerd via csv" in client.get("/plaats/samenspel").get_data(as_text=True)


def test_import_k2_gives_a_story_both_patterns(app, deduce):
    result = app.test_cli_runner().invoke(cli, ["import", str(DATA / "k2_sample.txt"), "--format", "k2"])
    assert "3 imported, 0 duplicate, 0 skipped" in result.output
    twice = next(s for s in imported(app) if s.title == "Twee loketten, één vraag")
    assert twice.teller_place_slugs == ["stroperigheid", "participatie"]
    assert all("Van Dam" not in s.text for s in imported(app))


def test_export_jsonl_and_csv_hold_published_stories_with_places(app, corpus):
    runner = app.test_cli_runner()
    lines = runner.invoke(cli, ["export"]).output.splitlines()
    assert len(lines) == len(corpus.stories)
    first = json.loads(lines[0])
    assert set(first) >= {"slug", "title", "narrator", "told", "patterns", "text"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["export", "--format", "csv"]).output)))
    assert len(rows) == len(corpus.stories) and ";" in "".join(r["patterns"] for r in rows)


def test_export_qdpx_is_a_refi_qda_project(app, corpus, tmp_path):
    target = tmp_path / "storybank.qdpx"
    result = app.test_cli_runner().invoke(cli, ["export", "--format", "qdpx", "--output", str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        project = ElementTree.fromstring(archive.read("project.qde"))
        ns = {"q": "urn:QDA-XML:project:1.0"}
        codes = project.findall("q:CodeBook/q:Codes/q:Code", ns)
        sources = project.findall("q:Sources/q:TextSource", ns)
        assert len(codes) == 10 and len(sources) == len(corpus.stories)
        source = sources[0]
        path = source.get("plainTextPath").removeprefix("internal://")
        assert f"sources/{path}" in names
        text = archive.read(f"sources/{path}").decode()
        selection = source.find("q:PlainTextSelection", ns)
        assert int(selection.get("endPosition")) == len(text)
        code_ids = {c.get("guid") for c in codes}
        assert selection.find("q:Coding/q:CodeRef", ns).get("targetGUID") in code_ids


def test_export_qdpx_needs_an_output_file(app):
    result = app.test_cli_runner().invoke(cli, ["export", "--format", "qdpx"])
    assert result.exit_code == 1 and "--output" in result.output


def test_an_imported_story_told_twice_is_flagged_as_near_duplicate(app, tmp_path, deduce):
    path = write_jsonl(tmp_path, [
        {"title": "Eerste", "text": LONG, "role": "ouder", "told": "2022-02"},
        {"title": "Tweede", "text": LONG.replace("maanden", "weken") + " Echt waar.", "role": "ouder", "told": "2022-03"},
    ])
    app.test_cli_runner().invoke(cli, ["import", str(path)])
    first, second = imported(app)
    assert first.near_duplicate_of_id is None and second.near_duplicate_of_id == first.id
