"""One SQL statement per search on PostgreSQL: matches, total, facets, the page and its snippets.

All words must match (``websearch_to_tsquery``, which never fails on odd syntax:
quotes, parentheses and operators are read as words); when that finds nothing,
any word may. Snippets come from ``ts_headline`` with sentinel characters as
markers: the text is escaped afterwards and only the sentinels become ``<mark>``,
so a story can never inject markup.
"""

from __future__ import annotations

import math
import re

from markupsafe import Markup, escape
from sqlalchemy import text

from nlp.findability import findability

from ..lifecycle import PUBLISHED
from .base import (
    ANY_WORDS_NOTICE,
    MAX_QUERY_LENGTH,
    MORE_WORDS_NOTICE,
    TOO_LONG_NOTICE,
    SearchHit,
    SearchOutcome,
    SearchRequest,
)

CONFIG = "storybank_dutch"
# Private-use characters: removed from the text first, then used as the only markers. "<", ">" and "&"
# travel as sentinels too, or ts_headline's parser would read markup in a story as tags and drop it.
START, STOP, BETWEEN, LT, GT, AMP = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
HEADLINE = f"StartSel={START}, StopSel={STOP}, FragmentDelimiter={BETWEEN}, MaxFragments=2, MaxWords=30, MinWords=12"
CLEAN = f"translate({{}}, '<>&{START}{STOP}{BETWEEN}{LT}{GT}{AMP}', '{LT}{GT}{AMP}')"
UNESCAPED = {START: "<mark>", STOP: "</mark>", BETWEEN: " … ", LT: "&lt;", GT: "&gt;", AMP: "&amp;"}

_TIP_VECTOR = ("(t.search_vector || setweight(to_tsvector('storybank_dutch'::regconfig, "
               "p.place_name || ' ' || p.name), 'A'))")


def _words(typed: str) -> list[str]:
    return [w for w in re.findall(r"\w+", typed) if w.upper() not in {"AND", "OR", "NOT"}]


def _alternatives(typed: str, derivation: bool) -> tuple[list[str], list[int]]:
    """Each typed word with its family's bases, flattened: (words, the typed word each belongs to)."""
    words, groups = [], []
    expand = findability().query_words if derivation else (lambda word: ())
    for number, word in enumerate(_words(typed)):
        for alternative in (word, *expand(word)):
            words.append(alternative)
            groups.append(number)
    return words, groups


def _syntax(typed: str) -> bool:
    """Quotes, a minus before a word or OR: then websearch_to_tsquery reads it, as typed."""
    return bool(re.search(r'"|(^|\s)-\w|\sOR\s', typed))


_LEXEMES = "querytree(plainto_tsquery('storybank_dutch'::regconfig, a))"


def _query_sql(all_words: bool, syntax: bool) -> str:
    """The tsquery: every word (or one of its family) must match, or any word may.

    Stop words drop out (their querytree is 'T'), as in websearch_to_tsquery.
    """
    if all_words and syntax:
        return "websearch_to_tsquery('storybank_dutch'::regconfig, :q)"
    joiner = " & " if all_words else " | "
    return f"""(SELECT coalesce(string_agg('(' || alt || ')', '{joiner}'), '')::tsquery FROM (
        SELECT string_agg({_LEXEMES}, ' | ') FILTER (WHERE {_LEXEMES} NOT IN ('T', '')) AS alt
          FROM unnest(CAST(:alts AS text[]), CAST(:groups AS int[])) AS x(a, g) GROUP BY g) y
         WHERE alt IS NOT NULL)"""


def _headline_query() -> str:
    """What snippets mark: the query's words and the listed members of their families."""
    return f"""(SELECT coalesce(string_agg({_LEXEMES}, ' | ') FILTER (WHERE {_LEXEMES} NOT IN ('T', '')), '')::tsquery
                  FROM unnest(CAST(:marked AS text[])) AS x(a))"""


def _filters(request: SearchRequest, has_text: bool) -> tuple[str, str]:
    story = [f"s.status = '{PUBLISHED}'"]
    tip = ["TRUE"]
    if has_text:
        story.append("s.search_vector @@ (SELECT query FROM q)")
        tip.append(f"{_TIP_VECTOR} @@ (SELECT query FROM q)")
    if request.pattern:
        story.append("(SELECT fp.id FROM pattern fp WHERE fp.slug = :pattern) = ANY(s.search_places)")
        tip.append("p.slug = :pattern")
    if request.role:
        story.append("s.narrator_role = :role")
        tip.append("FALSE")  # tips have no narrator
    if request.year:
        story.append("s.year = :year")
        tip.append("FALSE")
    if request.kind == "tip":
        story.append("FALSE")
    if request.kind == "story":
        tip.append("FALSE")
    return " AND ".join(story), " AND ".join(tip)


def _statement(request: SearchRequest, *, has_text: bool, all_words: bool, ranking: str, syntax: bool = False) -> str:
    """The whole search as one statement.

    ``ranking`` is "rum" (the page's stories come ordered from the RUM index: only the
    best ``window`` are ever ranked, and no stored vector is read) or "plain" (ts_rank
    over every match: what the GIN index alone allows).
    """
    story_where, tip_where = _filters(request, has_text)
    by_date = request.sort == "datum" or not has_text
    query = _query_sql(all_words, syntax) if has_text else "NULL::tsquery"
    if ranking == "rum":
        distance, tip_distance = "s.search_vector <=> (SELECT query FROM q)", f"rum_ts_distance({_TIP_VECTOR}, (SELECT query FROM q))"
    else:
        distance, tip_distance = "-ts_rank(s.search_vector, (SELECT query FROM q))", f"-ts_rank({_TIP_VECTOR}, (SELECT query FROM q))"
    if by_date:
        stories = ("SELECT id, date, 0::real AS distance FROM matched "
                   "ORDER BY date DESC, id LIMIT (SELECT offset_ + :per_page FROM bounds)")
        order = "first DESC, date DESC, distance, kind, id"
    else:
        stories = (f"SELECT s.id, s.year * 100 + s.month AS date, ({distance})::real AS distance FROM story s "
                   f"WHERE {story_where} ORDER BY {distance} LIMIT (SELECT offset_ + :per_page FROM bounds)")
        order = "first DESC, distance, date DESC, kind, id"
    # Documents with every word (when only a few have) come first, before those with some.
    first_distance = "0" if by_date else distance
    headline = (f"ts_headline('storybank_dutch'::regconfig, {CLEAN.format('d.body')}, {_headline_query()}, "
                f"'{HEADLINE}')" if has_text else "NULL")
    return f"""
WITH q AS (SELECT {query} AS query),
matched AS MATERIALIZED (
    SELECT s.id, s.narrator_role AS role, s.year, s.year * 100 + s.month AS date, s.search_places AS places
      FROM story s WHERE {story_where}
),
tips AS MATERIALIZED (
    SELECT t.id, p.slug, 0 AS date, ({tip_distance if has_text else '0'})::real AS distance
      FROM tip t JOIN pattern p ON p.id = t.pattern_id WHERE {tip_where}
),
story_facets AS MATERIALIZED (
    SELECT GROUPING(role, year) AS level, role, year, count(*) AS n FROM matched
     GROUP BY GROUPING SETS ((role), (year), ())
),
bounds AS (
    SELECT LEAST(:offset, GREATEST(((SELECT n FROM story_facets WHERE level = 3) + (SELECT count(*) FROM tips) - 1)
                                   / :per_page, 0) * :per_page) AS offset_
),
page AS (
    SELECT kind, id, row_number() OVER (ORDER BY {order}) AS place FROM (
        SELECT 'story' AS kind, id, date, distance, FALSE AS first FROM ({stories}) best
         WHERE NOT id = ANY(CAST(:first_stories AS int[]))
        UNION ALL
        SELECT 'story', s.id, s.year * 100 + s.month, ({first_distance})::real, TRUE FROM story s
         WHERE s.id = ANY(CAST(:first_stories AS int[]))
        UNION ALL
        SELECT 'tip', id, date, distance, id = ANY(CAST(:first_tips AS int[])) FROM tips
    ) candidates
    ORDER BY {order} LIMIT :per_page OFFSET (SELECT offset_ FROM bounds)
),
places AS (
    SELECT p.slug, count(*) AS n FROM (SELECT unnest(places) AS pattern_id FROM matched) m
      JOIN pattern p ON p.id = m.pattern_id GROUP BY p.slug
    UNION ALL
    SELECT slug, count(*) FROM tips GROUP BY slug
)
SELECT coalesce((SELECT n FROM story_facets WHERE level = 3), 0) + (SELECT count(*) FROM tips) AS total,
       (SELECT json_build_array(json_build_array('story', coalesce((SELECT n FROM story_facets WHERE level = 3), 0)),
                                json_build_array('tip', (SELECT count(*) FROM tips)))) AS kinds,
       (SELECT coalesce(json_agg(json_build_array(role, n)), '[]') FROM story_facets WHERE level = 1) AS roles,
       (SELECT coalesce(json_agg(json_build_array(year::text, n)), '[]') FROM story_facets WHERE level = 2) AS years,
       (SELECT coalesce(json_agg(json_build_array(slug, n)), '[]') FROM
          (SELECT slug, sum(n)::int AS n FROM places GROUP BY slug) f) AS patterns,
       (SELECT coalesce(json_agg(json_build_array(d.kind, d.id, {headline}) ORDER BY d.place), '[]') FROM
          (SELECT page.*, coalesce(s.text, t.text) AS body FROM page
             LEFT JOIN story s ON page.kind = 'story' AND s.id = page.id
             LEFT JOIN tip t ON page.kind = 'tip' AND t.id = page.id) d) AS hits
"""


def _snippet(headline: str | None) -> Markup | None:
    """Escape what PostgreSQL returned, then turn only our sentinels into marks."""
    if not headline or START not in headline:
        return None
    escaped = str(escape(headline))
    for sentinel, markup in UNESCAPED.items():
        escaped = escaped.replace(sentinel, markup)
    return Markup(escaped)


def _facet(pairs) -> list[tuple[str, int]]:
    return sorted(((str(value), int(count)) for value, count in pairs if count), key=lambda item: (-item[1], item[0]))


def _execute(session, request: SearchRequest, typed: str, *, all_words: bool, ranking: str, derivation: bool,
             first=()):
    has_text = bool(typed)
    syntax = _syntax(typed)
    alternatives, groups = _alternatives(typed, derivation)
    marked = list(dict.fromkeys(alternatives + [m for w in _words(typed) for m in
                                                (findability().family(w) if derivation else ())]))
    params = {"q": typed, "alts": alternatives, "groups": groups, "marked": marked, "pattern": request.pattern,
              "role": request.role, "year": request.year, "per_page": request.per_page,
              "offset": (max(1, request.page) - 1) * request.per_page,
              "first_stories": [i for kind, i in first if kind == "story"],
              "first_tips": [i for kind, i in first if kind == "tip"]}
    statement = _statement(request, has_text=has_text, all_words=all_words, ranking=ranking, syntax=syntax)
    return session.execute(text(statement), params).one()


def run(session, request: SearchRequest, *, ranking: str = "rum", derivation: bool = True) -> SearchOutcome:
    """The outcome with hits whose ``item`` is still None (the caller loads the rows)."""
    notices = []
    typed = request.text.strip()
    if len(typed) > MAX_QUERY_LENGTH:
        typed = typed[:MAX_QUERY_LENGTH]
        notices.append(TOO_LONG_NOTICE)
    row = _execute(session, request, typed, all_words=True, ranking=ranking, derivation=derivation)
    if typed and (row.total < request.per_page if derivation else not row.total) and len(_words(typed)) > 1:
        # Few or no documents have every word (all of them are on this first page): those first,
        # then those with some.
        first = [(kind, number) for kind, number, _ in row.hits]
        any_row = _execute(session, request, typed, all_words=False, ranking=ranking, derivation=derivation,
                           first=first)
        if any_row.total > row.total:
            notices.append(MORE_WORDS_NOTICE if row.total else ANY_WORDS_NOTICE)
            row = any_row
    total = int(row.total)
    page = min(max(1, request.page), max(1, math.ceil(total / request.per_page)))
    hits = [SearchHit(f"{kind}:{number}", kind, None, _snippet(headline)) for kind, number, headline in row.hits]
    facets = {"kind": _facet(row.kinds), "pattern": _facet(row.patterns), "role": _facet(row.roles),
              "year": _facet(row.years)}
    return SearchOutcome(hits, total, page, request.per_page, facets, None, notices)
