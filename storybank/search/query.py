"""Turning what people type into results: parsing, filters, facets, snippets, suggestions.

Matching and scoring produce one NumPy array each over all documents (see
engine.py), which gives the exact total, every facet count (one mask per facet
value) and the page's ranking from the same arrays. All words must match; when
that finds nothing, any word may.
"""

from __future__ import annotations

import math
import re
import threading

import numpy as np
from markupsafe import Markup, escape
from whoosh import highlight
from whoosh import query as Q
from whoosh.analysis import RegexTokenizer
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from ..changes import parse_key
from .analysis import WORD_PATTERN, derivation_of, fold, folds_with_dutch_fold, vocabulary_analyzer
from .base import (
    ANY_WORDS_NOTICE,
    MAX_QUERY_LENGTH,
    MORE_WORDS_NOTICE,
    TOO_LONG_NOTICE,
    SearchHit,
    SearchOutcome,
    SearchRequest,
)
from .engine import plain_terms, vector_searcher
from .index import SearchIndex

SEARCH_FIELDS = ("title", "text")
FACET_FIELDS = {"pattern": "patterns", "role": "role", "year": "year", "kind": "kind"}


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


def _facet_counts(vectors, matched: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    facets = {}
    for name, fieldname in FACET_FIELDS.items():
        counts = [(value, int(np.count_nonzero(vectors.value_mask(fieldname, value) & matched)))
                  for value in vectors.values_of(fieldname)]
        facets[name] = sorted(((v, n) for v, n in counts if n), key=lambda item: (-item[1], item[0]))
    return facets


# -- running ---------------------------------------------------------------------


def run_search(index: SearchIndex, request: SearchRequest, load, *, fill: bool = True) -> SearchOutcome:
    """Search the index; ``load(keys)`` returns the database rows behind the hits.

    All words must match. When fewer documents than fill a page have every word
    (``fill``), those come first and documents with some of the words follow;
    without ``fill`` (before issue 12) only none at all brings the ones with some.

    Rows are loaded only for the page shown. A key whose row is gone or no
    longer published (the index may lag a moment behind) is left out, so the
    database always has the last word on what is public.
    """
    notices = []
    text = request.text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notices.append(TOO_LONG_NOTICE)
    searcher = index.searcher()
    vectors = vector_searcher(searcher)
    allowed = vectors.filter_mask(_filter_terms(request))

    query, scores = None, None
    matched = allowed
    first = None  # documents with all words, ranked before those with some
    if text:
        query = _parse(searcher.schema, text, all_words=True)
        matched, scores = _matching(searcher, vectors, query, allowed)
        found = int(np.count_nonzero(matched))
        if (found < request.per_page if fill else not found) and len(re.findall(r"\w+", text)) > 1:
            # Few or no documents have every word: show those first, then those with some.
            any_query = _parse(searcher.schema, text, all_words=False)
            any_matched, any_scores = _matching(searcher, vectors, any_query, allowed)
            if np.count_nonzero(any_matched) > found:
                first = matched
                query, matched, scores = any_query, any_matched, any_scores
                notices.append(MORE_WORDS_NOTICE if found else ANY_WORDS_NOTICE)
    total = int(np.count_nonzero(matched))

    per_page = request.per_page
    page = min(max(1, request.page), max(1, math.ceil(total / per_page)))
    by_date = request.sort == "datum" or scores is None
    order = (vectors.dates if by_date else scores).astype(np.float64)
    if first is not None:
        order = order + first * (np.abs(order).max() + 1)  # every document with all words comes first
    ranked = vectors.top(np.flatnonzero(matched), order, page * per_page)
    page_docs = ranked[(page - 1) * per_page: page * per_page]
    keys = [searcher.stored_fields(int(docnum))["key"] for docnum in page_docs]
    items = load(keys)
    terms = frozenset(t for f, t in query.iter_all_terms() if f == "text") if query is not None else frozenset()
    hits = []
    for key in keys:
        item = items.get(key)
        if item is None:
            continue
        snippet = _highlight(searcher, item.text, terms) if terms else None
        hits.append(SearchHit(key, parse_key(key)[0], item, snippet))
    suggestion = _suggest(searcher, text) if text else None
    return SearchOutcome(hits, total, page, per_page, _facet_counts(vectors, matched), suggestion, notices)


def _matching(searcher, vectors, query: Q.Query, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matching documents and their scores: vectorised for plain words, Whoosh otherwise."""
    if plain_terms(query):
        mask, scores = vectors.evaluate(query)
        return mask & allowed, scores
    mask = np.zeros(vectors.size, dtype=bool)
    scores = np.zeros(vectors.size, dtype=np.float32)
    try:
        for docnum, score in searcher.search(query, limit=None).items():
            mask[docnum], scores[docnum] = True, score
    except Exception:  # a query the parser accepted but the searcher cannot run: no matches
        pass
    return mask & allowed, scores


def _highlight(searcher, text: str, terms: frozenset) -> Markup | None:
    """Marks every word that matched, also through its family or a compound part."""
    fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
    tokens = _matched_words(searcher.schema["text"].analyzer, text, terms)
    fragments = highlight.top_fragments(fragmenter.fragment_tokens(text, tokens), 2,
                                        highlight.BasicFragmentScorer(), highlight.FIRST, 1)
    found = _MarkFormatter()(text, fragments)
    return Markup(found) if found else None


def _matched_words(analyzer, text: str, terms: frozenset):
    """One token per word, matched when any form the index gave that word (itself, its family's
    bases, its compound parts, stemmed) is a query term.

    Every filter after the tokenizer works on one word at a time, so a word's forms do not
    depend on its neighbours: they are worked out once per distinct word (``_WordForms``)
    rather than by running the whole analyzer over every shown story.
    """
    store = _WordForms.of(analyzer)
    for token in _WORD_TOKENIZER(text, chars=True, positions=True, mode="index"):
        token.matched = not store.of_word(analyzer, token.text).isdisjoint(terms)
        yield token


_WORD_TOKENIZER = RegexTokenizer(WORD_PATTERN)


class _WordForms:
    """The index forms of single words, remembered (bounded), one store per kind of analyzer.

    Every searcher brings its own analyzer object (unpickled from the index's table of
    contents: one more per thread and after each change), but they all come from ``dutch_analyzer`` and
    differ only in whether they add Dutch families and parts (and, for an index built before
    ``nlp.dutch.fold``, in how they fold): the store is kept per those settings, not per object,
    or each change would start an empty store of its own.
    """

    LIMIT = 100_000
    _stores: dict[tuple[bool | None, bool], "_WordForms"] = {}
    _lock = threading.Lock()

    def __init__(self):
        self.known: dict[str, frozenset] = {}

    @classmethod
    def of(cls, analyzer) -> "_WordForms":
        kind = (derivation_of(analyzer), folds_with_dutch_fold(analyzer))
        with cls._lock:
            return cls._stores.setdefault(kind, cls())

    def of_word(self, analyzer, word: str) -> frozenset:
        found = self.known.get(word)
        if found is None:
            found = frozenset(t.text for t in analyzer(word, mode="index", removestops=False))
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            self.known[word] = found
        return found


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
