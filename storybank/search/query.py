"""Turning what people type into results: parsing, filters, facets, snippets, suggestions.

A search runs in two passes over the index. The first collects the numbers of
all matching documents (no scoring), which gives the exact total and, through
one NumPy mask per facet value, every facet count. The second scores only as
many documents as the page needs, which Whoosh can do without visiting every
match. All words must match; when that finds nothing, any word may.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup, escape
from whoosh import highlight, query as Q
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from .analysis import fold, vocabulary_analyzer
from .documents import parse_key
from .index import SearchIndex

MAX_QUERY_LENGTH = 200
SEARCH_FIELDS = ("title", "text")
FACET_FIELDS = {"pattern": "patterns", "role": "role", "year": "year", "kind": "kind"}
SORTS = ("relevantie", "datum")
KINDS = ("story", "tip")


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    pattern: str | None = None
    role: str | None = None
    year: int | None = None
    kind: str | None = None
    sort: str = "relevantie"
    page: int = 1
    per_page: int = 10


@dataclass
class SearchHit:
    key: str
    kind: str
    item: object  # the Story or Tip, as loaded from the database
    snippet: Markup | None


@dataclass
class SearchOutcome:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class _MarkFormatter(highlight.Formatter):
    """<mark> around matches; everything else escaped, so a story cannot inject markup."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return str(escape(text))


# -- parsing ---------------------------------------------------------------------


def _parse(schema, text: str, *, all_words: bool) -> Q.Query:
    """The user's query; anything that does not parse cleanly is searched as plain words."""
    group = AndGroup if all_words else OrGroup.factory(0.9)
    parser = MultifieldParser(SEARCH_FIELDS, schema, group=group)
    try:
        parsed = parser.parse(text)
    except Exception:  # the parser can fail on odd input in many ways
        parsed = None
    if parsed is None or parsed is Q.NullQuery or _has_error(parsed) or _strays_outside(parsed):
        words = [word for word in re.findall(r"\w+", text) if word.upper() not in {"AND", "OR", "NOT"}]
        parsed = parser.parse(" ".join(words)) if words else Q.NullQuery
    return parsed


def _nodes(parsed: Q.Query):
    yield parsed
    for child in parsed.children():
        yield from _nodes(child)


def _has_error(parsed: Q.Query) -> bool:
    return any(getattr(node, "error", None) for node in _nodes(parsed))


def _strays_outside(parsed: Q.Query) -> bool:
    """Field queries other than ours (``kind:tip``) would bypass the filters."""
    return any(getattr(node, "fieldname", None) not in (*SEARCH_FIELDS, None) for node in _nodes(parsed))


def _filter_terms(request: SearchRequest) -> list[Q.Query]:
    wanted = (("patterns", request.pattern), ("role", request.role),
              ("year", str(request.year) if request.year else None), ("kind", request.kind))
    return [Q.Term(fieldname, value) for fieldname, value in wanted if value]


# -- facets ----------------------------------------------------------------------


def _facet_masks(searcher) -> dict[str, dict[str, np.ndarray]]:
    """For each facet field and value, which documents carry it (built once per searcher)."""
    masks = getattr(searcher, "_storybank_facet_masks", None)
    if masks is None:
        size = searcher.doc_count_all()
        masks = {}
        for name, fieldname in FACET_FIELDS.items():
            masks[name] = {}
            for value in searcher.lexicon(fieldname):
                mask = np.zeros(size, dtype=bool)
                mask[list(searcher.postings(fieldname, value).all_ids())] = True
                masks[name][value.decode() if isinstance(value, bytes) else value] = mask
        searcher._storybank_facet_masks = masks
    return masks


def _facet_counts(searcher, matched: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    facets = {}
    for name, values in _facet_masks(searcher).items():
        counts = [(value, int(np.count_nonzero(mask & matched))) for value, mask in values.items()]
        facets[name] = sorted(((v, n) for v, n in counts if n), key=lambda item: (-item[1], item[0]))
    return facets


# -- running ---------------------------------------------------------------------


def run_search(index: SearchIndex, request: SearchRequest, load) -> SearchOutcome:
    """Search the index; ``load(keys)`` returns the database rows behind the hits.

    Rows are loaded only for the page shown. A key whose row is gone or no
    longer published (the index may lag a moment behind) is left out, so the
    database always has the last word on what is public.
    """
    notices = []
    text = request.text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notices.append(f"Uw zoekvraag was te lang en is ingekort tot {MAX_QUERY_LENGTH} tekens.")
    searcher = index.searcher()
    schema = searcher.schema
    filters = _filter_terms(request)

    matched, query = _matching(searcher, Q.Every() if not text else _parse(schema, text, all_words=True), filters)
    if text and not matched.any() and len(re.findall(r"\w+", text)) > 1:
        any_word, query_any = _matching(searcher, _parse(schema, text, all_words=False), filters)
        if any_word.any():
            matched, query = any_word, query_any
            notices.append("Geen resultaten met al uw zoekwoorden; hieronder resultaten met een deel ervan.")
    total = int(np.count_nonzero(matched))

    per_page = request.per_page
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, request.page), pages)
    hits = []
    if total:
        sort = {"sortedby": "date", "reverse": True} if request.sort == "datum" or not text else {}
        results = searcher.search(query, limit=page * per_page, **sort)
        results.formatter = _MarkFormatter()
        results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
        page_hits = list(results[(page - 1) * per_page: page * per_page])
        items = load([hit["key"] for hit in page_hits])
        for hit in page_hits:
            item = items.get(hit["key"])
            if item is None:
                continue
            found = hit.highlights("text", text=item.text, top=2) if text else ""
            hits.append(SearchHit(hit["key"], parse_key(hit["key"])[0], item, Markup(found) if found else None))
    suggestion = _suggest(searcher, text) if text else None
    return SearchOutcome(hits, total, page, per_page, _facet_counts(searcher, matched), suggestion, notices)


def _matching(searcher, query: Q.Query, filters: list[Q.Query]) -> tuple[np.ndarray, Q.Query]:
    """All matching document numbers as a mask, and the query that scores them."""
    if filters:
        query = Q.And([query, *(Q.ConstantScoreQuery(term, 0.0) for term in filters)])
    matched = np.zeros(searcher.doc_count_all(), dtype=bool)
    try:
        numbers = list(searcher.docs_for_query(query))
    except Exception:  # a query the parser accepted but the searcher cannot run
        query = Q.NullQuery
        numbers = []
    matched[numbers] = True  # deleted documents never match: Whoosh filters them out
    return matched, query


def _suggest(searcher, text: str) -> str | None:
    """'Bedoelde u ...?': replace words the index never saw with close ones it did."""
    reader = searcher.reader()
    words = [token.text for token in vocabulary_analyzer()(text)]
    corrected, changed = [], False
    for word in words:
        if reader.doc_frequency("words", word) == 0:
            options = searcher.corrector("words").suggest(word, limit=1, maxdist=2)
            if options:
                corrected.append(options[0])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed and fold(" ".join(corrected)) != fold(text) else None
