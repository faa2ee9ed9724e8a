"""Read and validate the curated corpus in ``corpus/``.

The corpus is content that advisers edit by hand and review in a diff, so every
problem is reported with the file and line it comes from, and a corpus with any
problem is refused as a whole: half a map is worse than yesterday's map.

Layout::

    corpus/patterns.yaml      the places on the map, in journey order
    corpus/tips.yaml          pattern slug -> audience role -> tip text
    corpus/stories/<slug>.md  one story: YAML front matter, then the text

This module has no Flask or database imports; ``services.content`` writes a
validated corpus into the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .vocabulary import AUDIENCES, NARRATOR_ROLES, ORGANISATION_TYPES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOLD = re.compile(r"^(\d{4})-(\d{2})$")
MAP_WIDTH, MAP_HEIGHT = 1000, 640
FIRST_YEAR = 2014  # the year before the Jeugdwet: no story can be older than the reform


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CorpusError(ValueError):
    """The corpus has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class PatternEntry:
    slug: str
    name: str
    place_name: str
    summary: str
    description: str
    map_x: int
    map_y: int
    journey_order: int


@dataclass(frozen=True)
class TipEntry:
    pattern: str
    audience: str
    text: str


@dataclass(frozen=True)
class StoryEntry:
    slug: str
    title: str
    narrator_label: str
    narrator_role: str
    narrator_role_other: str | None
    organisation_type: str | None
    month: int
    year: int
    patterns: tuple[str, ...]
    exemplary: tuple[str, ...]
    text: str


@dataclass
class Corpus:
    patterns: list[PatternEntry] = field(default_factory=list)
    tips: list[TipEntry] = field(default_factory=list)
    stories: list[StoryEntry] = field(default_factory=list)


class _LineMapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineMapping:
    mapping = _LineMapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicates.append((line, key))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FileReader:
    """Collects the problems of one file, with line numbers relative to the file."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.name = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
        self.path = path
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def yaml(self, text: str, line_offset: int = 0):
        loader = _LineLoader(text)
        loader.duplicates = []
        try:
            data = loader.get_single_data()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 1 if mark else 1) + line_offset
            self.problem(line, f"invalid YAML: {getattr(exc, 'problem', exc)}")
            return None
        finally:
            loader.dispose()
        for line, key in loader.duplicates:
            self.problem(line + line_offset, f"duplicate key {key!r}")
        return data

    def text_field(self, mapping: _LineMapping, key: str, line_offset: int = 0) -> str | None:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        line = mapping.key_lines.get(key, mapping.line) + line_offset
        self.problem(line, f"'{key}' must be a non-empty text" if key in mapping else f"missing '{key}'")
        return None


def read_corpus(folder: Path | str, *, today: date | None = None) -> Corpus:
    """Parse and validate the corpus folder; raise ``CorpusError`` listing every problem."""
    root = Path(folder)
    problems: list[Problem] = []
    corpus = Corpus()
    corpus.patterns = _read_patterns(root / "patterns.yaml", root, problems)
    known = {pattern.slug for pattern in corpus.patterns}
    corpus.tips = _read_tips(root / "tips.yaml", root, known, problems)
    corpus.stories = _read_stories(root / "stories", root, known, today or date.today(), problems)
    if problems:
        raise CorpusError(problems)
    return corpus


def _read_yaml_file(path: Path, root: Path, problems: list[Problem], expected: type, what: str):
    """The file's data if it exists, parses and has the expected shape; else None (problem noted)."""
    reader = _FileReader(path, root, problems)
    if not path.is_file():
        reader.problem(0, "file is missing")
        return reader, None
    data = reader.yaml(path.read_text(encoding="utf-8"))
    if data is not None and not isinstance(data, expected):
        reader.problem(1, f"expected {what}")
        data = None
    return reader, data


def _read_patterns(path: Path, root: Path, problems: list[Problem]) -> list[PatternEntry]:
    reader, data = _read_yaml_file(path, root, problems, list, "a list of patterns")
    if data is None:
        return []
    patterns, seen = [], {}
    for order, item in enumerate(data, start=1):
        if not isinstance(item, _LineMapping):
            reader.problem(1, f"pattern {order} is not a mapping")
            continue
        values = {key: reader.text_field(item, key) for key in ("slug", "name", "place", "summary", "description")}
        slug = values["slug"]
        if slug and not SLUG.match(slug):
            reader.problem(item.key_lines["slug"], f"slug {slug!r} must be lowercase words joined by hyphens")
            slug = None
        if slug in seen:
            reader.problem(item.key_lines["slug"], f"duplicate slug {slug!r} (first on line {seen[slug]})")
            slug = None
        position = item.get("position")
        if not (isinstance(position, list) and len(position) == 2
                and all(isinstance(v, int) for v in position)
                and 0 <= position[0] <= MAP_WIDTH and 0 <= position[1] <= MAP_HEIGHT):
            reader.problem(item.key_lines.get("position", item.line),
                           f"'position' must be [x, y] within {MAP_WIDTH}x{MAP_HEIGHT}")
            position = None
        if slug and position and all(values.values()):
            seen[slug] = item.key_lines["slug"]
            patterns.append(PatternEntry(
                slug=slug, name=values["name"], place_name=values["place"],
                summary=" ".join(values["summary"].split()),
                description=_normalise_paragraphs(values["description"]),
                map_x=position[0], map_y=position[1], journey_order=order,
            ))
    return patterns


def _read_tips(path: Path, root: Path, known: set[str], problems: list[Problem]) -> list[TipEntry]:
    reader, data = _read_yaml_file(path, root, problems, _LineMapping,
                                   "a mapping of pattern slug to tips per audience")
    if data is None:
        return []
    tips = []
    for slug, per_audience in data.items():
        line = data.key_lines[slug]
        if slug not in known:
            reader.problem(line, f"unknown pattern {slug!r}")
            continue
        if not isinstance(per_audience, _LineMapping):
            reader.problem(line, f"tips for {slug!r} must map each audience to a text")
            continue
        for audience in per_audience:
            if audience not in AUDIENCES:
                reader.problem(per_audience.key_lines[audience],
                               f"unknown audience {audience!r} (expected one of: {', '.join(AUDIENCES)})")
            elif (text := reader.text_field(per_audience, audience)):
                tips.append(TipEntry(pattern=slug, audience=audience, text=text))
        missing = [audience for audience in AUDIENCES if audience not in per_audience]
        if missing:
            reader.problem(line, f"place {slug!r} has no tip for: {', '.join(missing)}")
    for slug in sorted(known - set(data)):
        reader.problem(1, f"place {slug!r} has no tips")
    return tips


def _read_stories(folder: Path, root: Path, known: set[str], today: date,
                  problems: list[Problem]) -> list[StoryEntry]:
    if not folder.is_dir():
        _FileReader(folder, root, problems).problem(0, "folder is missing")
        return []
    return [story for path in sorted(folder.glob("*.md"))
            if (story := _read_story(path, root, known, today, problems))]


def _read_story(path: Path, root: Path, known: set[str], today: date,
                problems: list[Problem]) -> StoryEntry | None:
    reader = _FileReader(path, root, problems)
    before = len(problems)
    slug = path.stem
    if not SLUG.match(slug):
        reader.problem(1, f"file name {slug!r} must be a slug: lowercase words joined by hyphens")
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        end = lines.index("---", 1) if lines and lines[0] == "---" else -1
    except ValueError:
        end = -1
    if end < 0:
        reader.problem(1, "expected front matter between two '---' lines")
        return None
    meta = reader.yaml("\n".join(lines[1:end]), line_offset=1)
    if not isinstance(meta, _LineMapping):
        if meta is not None:
            reader.problem(2, "front matter must be a mapping")
        return None

    def line_of(key: str) -> int:
        return meta.key_lines.get(key, meta.line) + 1

    title = reader.text_field(meta, "title", 1)
    narrator = reader.text_field(meta, "narrator", 1)
    role = meta.get("role")
    if role not in NARRATOR_ROLES:
        reader.problem(line_of("role"), f"unknown narrator role {role!r}")
    role_other = meta.get("role_other")
    if role == "anders" and not role_other:
        reader.problem(line_of("role"), "role 'anders' needs 'role_other' to say which role")
    organisation = meta.get("organisation")
    if organisation is not None and organisation not in ORGANISATION_TYPES:
        reader.problem(line_of("organisation"), f"unknown organisation type {organisation!r}")
    month, year = _parse_told(meta.get("told"), today, reader, line_of("told"))
    patterns = meta.get("patterns")
    if not (isinstance(patterns, list) and patterns):
        reader.problem(line_of("patterns"), "'patterns' must list at least one pattern")
        patterns = []
    for slug_ in patterns:
        if slug_ not in known:
            reader.problem(line_of("patterns"), f"unknown pattern {slug_!r}")
    exemplary = meta.get("exemplary", [])
    if not isinstance(exemplary, list) or any(item not in patterns for item in exemplary):
        reader.problem(line_of("exemplary"), "'exemplary' must list patterns of this story")
        exemplary = []
    text = "\n".join(lines[end + 1:]).strip()
    if not text:
        reader.problem(end + 2, "the story text is empty")
    if len(problems) > before:
        return None
    return StoryEntry(
        slug=slug, title=title, narrator_label=narrator, narrator_role=role,
        narrator_role_other=role_other, organisation_type=organisation,
        month=month, year=year, patterns=tuple(patterns), exemplary=tuple(exemplary),
        text=_normalise_paragraphs(text),
    )


def _parse_told(value, today: date, reader: _FileReader, line: int) -> tuple[int, int]:
    match = TOLD.match(str(value)) if value is not None else None
    if not match:
        reader.problem(line, f"'told' must be YYYY-MM, got {value!r}")
        return 0, 0
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        reader.problem(line, f"month {month} is not between 1 and 12")
    elif not FIRST_YEAR <= year or (year, month) > (today.year, today.month):
        reader.problem(line, f"date {value} must lie between {FIRST_YEAR} and this month")
    return month, year


def _normalise_paragraphs(text: str) -> str:
    """Join hard-wrapped lines; keep blank lines as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(" ".join(part.split()) for part in paragraphs if part.strip())
