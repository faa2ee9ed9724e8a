"""A vectorised query engine for the common case: plain words, AND or OR, with filters.

Whoosh matches and scores one posting at a time in Python, which costs more
than 100 ms when a common word matches most of 100,000 stories. Here each
term's postings are read a block at a time into NumPy arrays, and matching,
BM25F scoring, facets and sorting are array operations. Queries with other
syntax (phrases, wildcards, ranges) still go through Whoosh itself.

This reads Whoosh's posting blocks through attributes of its w3 codec
(``_read_ids``, ``_ids``, ...); ``postings_of`` falls back to the public
matcher API for any other codec.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.matching import wrappers

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, so scores rank as Whoosh would


def plain_terms(query) -> bool:
    """Whether the query is only And/Or over single terms (what this engine handles)."""
    if isinstance(query, Q.Term):
        return True
    if isinstance(query, (Q.And, Q.Or)) and not isinstance(query, (Q.AndMaybe, Q.AndNot)):
        return all(plain_terms(child) for child in query.children())
    return False


class VectorSearcher:
    """Per-searcher arrays: which documents are live, field lengths, dates. Built lazily, once."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._live = None
        self._dates = None
        self._value_masks: dict[tuple[str, str], np.ndarray] = {}

    @property
    def live(self) -> np.ndarray:
        if self._live is None:
            self._live = np.zeros(self.size, dtype=bool)
            self._live[np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)] = True
        return self._live

    @property
    def dates(self) -> np.ndarray:
        if self._dates is None:
            column = self.searcher.reader().column_reader("date")
            self._dates = np.fromiter((column[i] or 0 for i in range(self.size)), dtype=np.int64, count=self.size)
        return self._dates

    def lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            reader = self.searcher.reader()
            self._lengths[fieldname] = np.fromiter(
                (reader.doc_field_length(i, fieldname, 1) for i in range(self.size)), dtype=np.float32, count=self.size)
        return self._lengths[fieldname]

    def postings_of(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and term weights (frequencies) of one term, as arrays."""
        id_parts, weight_parts = [], []
        subsearchers = self.searcher.subsearchers or [(self.searcher, 0)]
        for sub, offset in subsearchers:
            reader = sub.reader()
            if (fieldname, text) not in reader:
                continue
            matcher = reader.postings(fieldname, text)
            while isinstance(matcher, wrappers.WrappingMatcher):
                matcher = matcher.child  # deletions are applied through ``live`` instead
            if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
                while matcher.is_active():
                    matcher._read_data()
                    raw = np.asarray(matcher._data[0], dtype=np.int64)
                    # Block ids are stored as gaps unless they fit in bytes: a cumulative sum
                    # does what Whoosh's delta_decode does one id at a time.
                    id_parts.append((raw if matcher._byteids else np.cumsum(raw)) + offset)
                    matcher._read_weights()
                    weight_parts.append(np.asarray(matcher._weights, dtype=np.float32))
                    matcher._next_block()
            else:
                items = list(matcher.items_as("weight"))
                id_parts.append(np.array([i for i, _ in items], dtype=np.int64) + offset)
                weight_parts.append(np.array([w for _, w in items], dtype=np.float32))
        if not id_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(id_parts), np.concatenate(weight_parts)

    def value_mask(self, fieldname: str, value: str) -> np.ndarray:
        """Documents carrying one value of a filter field (kind, place, role, year).

        Those fields have few values, so their masks are kept for the searcher's life
        and serve both the filters and the facet counts.
        """
        key = (fieldname, value)
        if key not in self._value_masks:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.postings_of(fieldname, value)[0]] = True
            self._value_masks[key] = mask
        return self._value_masks[key]

    def values_of(self, fieldname: str) -> list[str]:
        return [v.decode() if isinstance(v, bytes) else v for v in self.searcher.lexicon(fieldname)]

    def evaluate(self, query) -> tuple[np.ndarray, np.ndarray]:
        """Matching documents (mask) and their BM25F scores for an And/Or tree of terms."""
        if isinstance(query, Q.Term):
            ids, weights = self.postings_of(query.fieldname, query.text)
            mask = np.zeros(self.size, dtype=bool)
            scores = np.zeros(self.size, dtype=np.float32)
            if len(ids):
                mask[ids] = True
                lengths = self.lengths(query.fieldname)[ids]
                average = self.searcher.avg_field_length(query.fieldname) or 1.0
                idf = self.searcher.idf(query.fieldname, query.text)
                tf = weights  # already multiplied by the field's boost at indexing time
                scores[ids] = query.boost * idf * (
                    tf * (K1 + 1) / (tf + K1 * ((1 - B) + B * lengths / average)))
            return mask, scores
        parts = [self.evaluate(child) for child in query.children()]
        scores = np.sum([s for _, s in parts], axis=0)
        if isinstance(query, Q.And):
            mask = np.logical_and.reduce([m for m, _ in parts])
        else:
            mask = np.logical_or.reduce([m for m, _ in parts])
        return mask, scores

    def filter_mask(self, filters: list[Q.Term]) -> np.ndarray:
        mask = self.live.copy()
        for term in filters:
            mask &= self.value_mask(term.fieldname, term.text)
        return mask

    def top(self, candidates: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
        """The ``count`` candidates with the highest keys, best first."""
        if count >= len(candidates):
            return candidates[np.argsort(-keys[candidates], kind="stable")]
        chosen = candidates[np.argpartition(-keys[candidates], count - 1)[:count]]
        return chosen[np.argsort(-keys[chosen], kind="stable")]


def vector_searcher(searcher) -> VectorSearcher:
    cached = getattr(searcher, "_storybank_vectors", None)
    if cached is None:
        cached = searcher._storybank_vectors = VectorSearcher(searcher)
    return cached
