"""Turning what people type into results: parsing, filters, facets, snippets, suggestions."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import highlight, query as Q
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.sorting import Count, FieldFacet

from .analysis import fold, vocabulary_analyzer
from .documents import parse_key
from .index import SearchIndex

MAX_QUERY_LENGTH = 200
SEARCH_FIELDS = ("title", "text", "narrator")
FACETS = {
    "pattern": FieldFacet("patterns", allow_overlap=True),
    "role": FieldFacet("role"),
    "year": FieldFacet("year"),
    "kind": FieldFacet("kind"),
}
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


def _plain_words(text: str) -> list[str]:
    return [token.text for token in vocabulary_analyzer()(text)]


def _parse(schema, text: str) -> Q.Query:
    """The user's query; anything that does not parse cleanly is searched as plain words."""
    parser = MultifieldParser(SEARCH_FIELDS, schema, group=OrGroup.factory(0.9))
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


def _filters(request: SearchRequest) -> Q.Query | None:
    terms = []
    if request.pattern:
        terms.append(Q.Term("patterns", request.pattern))
    if request.role:
        terms.append(Q.Term("role", request.role))
    if request.year:
        terms.append(Q.Term("year", str(request.year)))
    if request.kind:
        terms.append(Q.Term("kind", request.kind))
    return Q.And(terms) if terms else None


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
    ix = index.open()
    query = _parse(ix.schema, text) if text else Q.Every()
    sort_by_date = request.sort == "datum" or not text
    with ix.searcher() as searcher:
        try:
            page = _search_page(searcher, query, request, sort_by_date)
        except Exception:  # a query the parser accepted but the searcher cannot run
            query = _parse(ix.schema, " ".join(re.findall(r"\w+", text)))
            page = _search_page(searcher, query, request, sort_by_date)
        page.results.formatter = _MarkFormatter()
        page.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
        page_hits = list(page)
        items = load([hit["key"] for hit in page_hits])
        hits = []
        for hit in page_hits:
            item = items.get(hit["key"])
            if item is None:
                continue
            found = hit.highlights("text", text=item.text, top=2) if text else ""
            hits.append(SearchHit(hit["key"], parse_key(hit["key"])[0], item, Markup(found) if found else None))
        facets = {
            name: sorted(((value, count) for value, count in page.results.groups(name).items() if value),
                         key=lambda item: (-item[1], item[0]))
            for name in FACETS  # tips have no narrator role or year: their None is not a facet value
        }
        total = page.total
        suggestion = _suggest(searcher, text) if text else None
    return SearchOutcome(hits, total, max(1, page.pagenum), request.per_page, facets, suggestion, notices)


def _search_page(searcher, query, request: SearchRequest, sort_by_date: bool):
    kwargs = dict(filter=_filters(request), groupedby=FACETS, maptype=Count, terms=True)
    if sort_by_date:
        kwargs.update(sortedby="date", reverse=True)
    # Whoosh clamps a page number past the end to the last page.
    return searcher.search_page(query, max(1, request.page), pagelen=request.per_page, **kwargs)


def _suggest(searcher, text: str) -> str | None:
    """'Bedoelde u ...?': replace words the index never saw with close ones it did."""
    reader = searcher.reader()
    corrector = searcher.corrector("words")
    words = _plain_words(text)
    corrected, changed = [], False
    for word in words:
        if reader.doc_frequency("words", word) == 0:
            options = corrector.suggest(word, limit=1, maxdist=2)
            if options:
                corrected.append(options[0])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed and fold(" ".join(corrected)) != fold(text) else None
