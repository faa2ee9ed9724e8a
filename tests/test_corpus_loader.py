"""The corpus loader refuses a broken corpus and says where each problem is."""

import shutil
from datetime import date

import pytest

from storybank.corpus import CorpusError, read_corpus
from tests.helpers import CORPUS_DIR


@pytest.fixture
def corpus_copy(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, folder)
    return folder


def write_story(folder, name, front_matter, text="Ik vertel een verhaal.\n"):
    path = folder / "stories" / f"{name}.md"
    path.write_text(f"---\n{front_matter}---\n{text}", encoding="utf-8")
    return path


VALID_FRONT = """title: Een test
narrator: Een tester vertelt
role: jeugdprofessional
told: 2020-05
patterns: [ruimte]
"""


def problems_of(folder, **kwargs):
    with pytest.raises(CorpusError) as raised:
        read_corpus(folder, **kwargs)
    return [str(problem) for problem in raised.value.problems]


def test_real_corpus_loads(corpus):
    assert len(corpus.patterns) == 10
    assert len(corpus.tips) == 40


def test_valid_extra_story_loads(corpus_copy):
    write_story(corpus_copy, "extra", VALID_FRONT)
    loaded = read_corpus(corpus_copy)
    story = next(s for s in loaded.stories if s.slug == "extra")
    assert (story.month, story.year, story.patterns) == (5, 2020, ("ruimte",))


def test_duplicate_pattern_slug_names_both_lines(corpus_copy):
    path = corpus_copy / "patterns.yaml"
    text = path.read_text(encoding="utf-8").replace("slug: spanning", "slug: ruimte")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("- slug: ruimte", 10) + 1
    problems = problems_of(corpus_copy)
    assert any(p.startswith(f"corpus/patterns.yaml:{line}: duplicate slug 'ruimte' (first on line")
               for p in problems)


def test_place_without_all_four_tips(corpus_copy):
    path = corpus_copy / "tips.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("ruimte:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  gemeenten:"))
    stop = next(i for i in range(end + 1, len(lines)) if not lines[i].startswith("    "))
    path.write_text("\n".join(lines[:end] + lines[stop:]) + "\n", encoding="utf-8")
    assert f"corpus/tips.yaml:{start + 1}: place 'ruimte' has no tip for: gemeenten" in problems_of(corpus_copy)


def test_tip_for_unknown_audience(corpus_copy):
    path = corpus_copy / "tips.yaml"
    text = path.read_text(encoding="utf-8").replace("  coordinatoren:", "  coördinatoren:", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  coördinatoren: >-") + 1
    problems = problems_of(corpus_copy)
    assert any(p.startswith(f"corpus/tips.yaml:{line}: unknown audience 'coördinatoren'") for p in problems)


def test_duplicate_tip_key(corpus_copy):
    path = corpus_copy / "tips.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("ruimte:\n  professionals: nog een tip\n")
    line = len(path.read_text(encoding="utf-8").splitlines()) - 1
    assert f"corpus/tips.yaml:{line}: duplicate key 'ruimte'" in problems_of(corpus_copy)


@pytest.mark.parametrize(("front_matter", "line", "message"), [
    (VALID_FRONT.replace("[ruimte]", "[ruimte, kustlijn]"), 6, "unknown pattern 'kustlijn'"),
    (VALID_FRONT.replace("2020-05", "2020-13"), 5, "month 13 is not between 1 and 12"),
    (VALID_FRONT.replace("2020-05", "mei 2020"), 5, "'told' must be YYYY-MM, got 'mei 2020'"),
    (VALID_FRONT.replace("2020-05", "2031-01"), 5, "date 2031-01 must lie between 2014 and this month"),
    (VALID_FRONT.replace("jeugdprofessional", "astronaut"), 4, "unknown narrator role 'astronaut'"),
    (VALID_FRONT.replace("title: Een test\n", ""), 2, "missing 'title'"),
    (VALID_FRONT + "exemplary: [samenspel]\n", 7, "'exemplary' must list patterns of this story"),
    (VALID_FRONT.replace("role: jeugdprofessional", "role: anders"), 4, "role 'anders' needs 'role_other'"),
    (VALID_FRONT.replace("patterns: [ruimte]", "patterns: [ruimte"), 6, "invalid YAML"),
])
def test_story_problem_is_reported_with_line(corpus_copy, front_matter, line, message):
    write_story(corpus_copy, "kapot", front_matter)
    problems = problems_of(corpus_copy, today=date(2026, 11, 24))
    assert any(p.startswith(f"corpus/stories/kapot.md:{line}: {message}") for p in problems), problems


def test_story_without_front_matter(corpus_copy):
    (corpus_copy / "stories" / "los.md").write_text("Alleen tekst.\n", encoding="utf-8")
    assert "corpus/stories/los.md:1: expected front matter between two '---' lines" in problems_of(corpus_copy)


def test_story_with_empty_text(corpus_copy):
    write_story(corpus_copy, "leeg", VALID_FRONT, text="\n")
    assert "corpus/stories/leeg.md:8: the story text is empty" in problems_of(corpus_copy)


def test_every_problem_is_reported_at_once(corpus_copy):
    write_story(corpus_copy, "een", VALID_FRONT.replace("[ruimte]", "[nergens]"))
    write_story(corpus_copy, "twee", VALID_FRONT.replace("2020-05", "2020-00"))
    problems = problems_of(corpus_copy)
    assert len(problems) == 2
    assert problems[0].startswith("corpus/stories/een.md") and problems[1].startswith("corpus/stories/twee.md")


def test_hard_wrapped_story_text_becomes_paragraphs(corpus_copy):
    write_story(corpus_copy, "regels", VALID_FRONT, text="Eerste regel\nloopt door.\n\nTweede alinea.\n")
    story = next(s for s in read_corpus(corpus_copy).stories if s.slug == "regels")
    assert story.text == "Eerste regel loopt door.\n\nTweede alinea."
