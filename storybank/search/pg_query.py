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

from .base import MAX_QUERY_LENGTH, SearchHit, SearchOutcome, SearchRequest

CONFIG = "storybank_dutch"
# Private-use characters: removed from the text first, then used as the only markers. "<", ">" and "&"
# travel as sentinels too, or ts_headline's parser would read markup in a story as tags and drop it.
START, STOP, BETWEEN, LT, GT, AMP = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
HEADLINE = f"StartSel={START}, StopSel={STOP}, FragmentDelimiter={BETWEEN}, MaxFragments=2, MaxWords=30, MinWords=12"
CLEAN = f"translate({{}}, '<>&{START}{STOP}{BETWEEN}{LT}{GT}{AMP}', '{LT}{GT}{AMP}')"
UNESCAPED = {START: "<mark>", STOP: "</mark>", BETWEEN: " … ", LT: "&lt;", GT: "&gt;", AMP: "&amp;"}
ANY_WORDS_NOTICE = "Geen resultaten met al uw zoekwoorden; hieronder resultaten met een deel ervan."
TOO_LONG_NOTICE = f"Uw zoekvraag was te lang en is ingekort tot {MAX_QUERY_LENGTH} tekens."

_TIP_VECTOR = ("(t.search_vector || setweight(to_tsvector('storybank_dutch'::regconfig, "
               "p.place_name || ' ' || p.name), 'A'))")


def _words(typed: str) -> list[str]:
    return [w for w in re.findall(r"\w+", typed) if w.upper() not in {"AND", "OR", "NOT"}]


def _query_sql(all_words: bool) -> str:
    """The tsquery: every word (websearch syntax), or any of the plain words."""
    if all_words:
        return "websearch_to_tsquery('storybank_dutch'::regconfig, :q)"
    return ("(SELECT coalesce(string_agg(querytree(plainto_tsquery('storybank_dutch'::regconfig, w)), ' | ')"
            "          FILTER (WHERE querytree(plainto_tsquery('storybank_dutch'::regconfig, w)) <> 'T'), '')"
            "   FROM unnest(CAST(:words AS text[])) AS w)::tsquery")


def _statement(request: SearchRequest, *, has_text: bool, all_words: bool) -> str:
    story_where = ["s.status = 'published'"]
    tip_where = ["TRUE"]
    if has_text:
        story_where.append("s.search_vector @@ q.query")
        tip_where.append(f"{_TIP_VECTOR} @@ q.query")
    if request.pattern:
        story_where.append("EXISTS (SELECT 1 FROM story_pattern sp JOIN pattern sp_p ON sp_p.id = sp.pattern_id "
                           "WHERE sp.story_id = s.id AND sp_p.slug = :pattern)")
        tip_where.append("p.slug = :pattern")
    if request.role:
        story_where.append("s.narrator_role = :role")
        tip_where.append("FALSE")  # tips have no narrator
    if request.year:
        story_where.append("s.year = :year")
        tip_where.append("FALSE")
    if request.kind == "tip":
        story_where.append("FALSE")
    if request.kind == "story":
        tip_where.append("FALSE")
    story_score = "ts_rank(s.search_vector, q.query)" if has_text else "0"
    tip_score = f"ts_rank({_TIP_VECTOR}, q.query)" if has_text else "0"
    by_date = request.sort == "datum" or not has_text
    order = "date DESC, score DESC, kind, id" if by_date else "score DESC, date DESC, kind, id"
    query = _query_sql(all_words) if has_text else "NULL::tsquery"
    headline = (f"ts_headline('storybank_dutch'::regconfig, {CLEAN.format('d.body')}, q.query, '{HEADLINE}')"
                if has_text else "NULL")
    return f"""
WITH q AS (SELECT {query} AS query),
matched AS MATERIALIZED (
    SELECT 'story' AS kind, s.id, s.narrator_role AS role, s.year, s.year * 100 + s.month AS date,
           {story_score} AS score
      FROM story s, q WHERE {' AND '.join(story_where)}
    UNION ALL
    SELECT 'tip', t.id, NULL, NULL, 0, {tip_score}
      FROM tip t JOIN pattern p ON p.id = t.pattern_id, q WHERE {' AND '.join(tip_where)}
),
total AS (SELECT count(*) AS n FROM matched),
page AS (
    SELECT kind, id, row_number() OVER (ORDER BY {order}) AS place FROM matched
     ORDER BY {order}
     LIMIT :per_page
    OFFSET LEAST(:offset, GREATEST(((SELECT n FROM total) - 1) / :per_page, 0) * :per_page)
),
places AS (
    SELECT p.slug, count(*) AS n FROM matched m
      JOIN story_pattern sp ON m.kind = 'story' AND sp.story_id = m.id JOIN pattern p ON p.id = sp.pattern_id
     GROUP BY p.slug
    UNION ALL
    SELECT p.slug, count(*) FROM matched m JOIN tip t ON m.kind = 'tip' AND t.id = m.id
      JOIN pattern p ON p.id = t.pattern_id GROUP BY p.slug
)
SELECT (SELECT n FROM total) AS total,
       (SELECT coalesce(json_agg(json_build_array(kind, n)), '[]') FROM
          (SELECT kind, count(*) AS n FROM matched GROUP BY kind) f) AS kinds,
       (SELECT coalesce(json_agg(json_build_array(role, n)), '[]') FROM
          (SELECT role, count(*) AS n FROM matched WHERE role IS NOT NULL GROUP BY role) f) AS roles,
       (SELECT coalesce(json_agg(json_build_array(year::text, n)), '[]') FROM
          (SELECT year, count(*) AS n FROM matched WHERE year IS NOT NULL GROUP BY year) f) AS years,
       (SELECT coalesce(json_agg(json_build_array(slug, n)), '[]') FROM
          (SELECT slug, sum(n)::int AS n FROM places GROUP BY slug) f) AS patterns,
       (SELECT coalesce(json_agg(json_build_array(d.kind, d.id, {headline}) ORDER BY d.place), '[]') FROM
          (SELECT page.*, coalesce(s.text, t.text) AS body FROM page
             LEFT JOIN story s ON page.kind = 'story' AND s.id = page.id
             LEFT JOIN tip t ON page.kind = 'tip' AND t.id = page.id) d, q) AS hits
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


def _execute(session, request: SearchRequest, typed: str, *, all_words: bool):
    has_text = bool(typed)
    params = {"q": typed, "words": _words(typed), "pattern": request.pattern, "role": request.role,
              "year": request.year, "per_page": request.per_page,
              "offset": (max(1, request.page) - 1) * request.per_page}
    return session.execute(text(_statement(request, has_text=has_text, all_words=all_words)), params).one()


def run(session, request: SearchRequest) -> SearchOutcome:
    """The outcome with hits whose ``item`` is still None (the caller loads the rows)."""
    notices = []
    typed = request.text.strip()
    if len(typed) > MAX_QUERY_LENGTH:
        typed = typed[:MAX_QUERY_LENGTH]
        notices.append(TOO_LONG_NOTICE)
    row = _execute(session, request, typed, all_words=True)
    if typed and row.total == 0 and len(_words(typed)) > 1:
        any_row = _execute(session, request, typed, all_words=False)
        if any_row.total:
            row = any_row
            notices.append(ANY_WORDS_NOTICE)
    total = int(row.total)
    page = min(max(1, request.page), max(1, math.ceil(total / request.per_page)))
    hits = [SearchHit(f"{kind}:{number}", kind, None, _snippet(headline)) for kind, number, headline in row.hits]
    facets = {"kind": _facet(row.kinds), "pattern": _facet(row.patterns), "role": _facet(row.roles),
              "year": _facet(row.years)}
    return SearchOutcome(hits, total, page, request.per_page, facets, None, notices)
