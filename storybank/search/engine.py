"""A vectorised query engine for the common case: plain words, AND or OR, with filters.

Whoosh matches and scores one posting at a time in Python, which costs more
than 100 ms when a common word matches most of 100,000 stories. Here each
term's postings are read a block at a time into NumPy arrays, and matching,
BM25F scoring, facets and sorting are array operations. Queries with other
syntax (phrases, wildcards, ranges) still go through Whoosh itself.

This reads Whoosh's posting blocks through private attributes of its w3 codec
(``_read_data``, ``_data``, ``_byteids``, ...). Those can change in any Whoosh
release, so the fast path is used only after a self-check (``fast_path_ok``,
once per process at start-up) has written a small index and found that the
fast reader returns exactly what the public matcher API returns; otherwise, and
for any other codec, postings are read through the public API (slower, same
results).
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as Q
from whoosh.matching import wrappers

log = logging.getLogger(__name__)

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, so scores rank as Whoosh would
FAST_PATH_ATTRIBUTES = ("_read_data", "_next_block", "_read_weights", "_data", "_byteids", "_weights", "is_active")
_fast_path: bool | None = None
_fast_path_lock = threading.Lock()
SEGMENT_CACHE_BYTES = 64 * 2**20  # per process; a common word's postings at 100,000 stories take ~1 MiB


class SegmentArrays:
    """Arrays read from index segments, kept for the process: least recently used out first.

    A Whoosh segment never changes once written (its deletions are kept beside it and applied
    here through ``VectorSearcher.live``), so what was read from it stays true for as long as it
    exists, and a searcher opened after a change reads only the new segments. Keys start with
    the segment's id, which Whoosh draws at random for every segment it writes.
    """

    def __init__(self, limit_bytes: int = SEGMENT_CACHE_BYTES):
        self.limit = limit_bytes
        self.size = 0
        self._items: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, read) -> tuple[np.ndarray, ...]:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        found = read()  # outside the lock: two threads may read the same thing once each
        for array in found:
            array.flags.writeable = False  # shared by every searcher in the process
        cost = sum(array.nbytes for array in found)
        with self._lock:
            if key not in self._items and cost <= self.limit:
                self._items[key] = found
                self.size += cost
                while self.size > self.limit:
                    _, dropped = self._items.popitem(last=False)
                    self.size -= sum(array.nbytes for array in dropped)
        return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


segment_arrays = SegmentArrays()


def _segment_key(reader) -> str:
    return reader.segment().segment_id()


def _block_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """The current block's document numbers and weights, read from the codec's private fields."""
    matcher._read_data()
    raw = np.asarray(matcher._data[0], dtype=np.int64)
    # Block ids are stored as gaps unless they are byte strings: a cumulative sum
    # does what Whoosh's delta_decode does one id at a time.
    ids = raw if matcher._byteids else np.cumsum(raw)
    matcher._read_weights()
    return ids, np.asarray(matcher._weights, dtype=np.float32)


def _fast_postings(matcher) -> tuple[list, list]:
    ids, weights = [], []
    while matcher.is_active():
        block_ids, block_weights = _block_arrays(matcher)
        ids.append(block_ids)
        weights.append(block_weights)
        matcher._next_block()
    return ids, weights


def _public_postings(matcher) -> tuple[list, list]:
    items = list(matcher.items_as("weight"))
    return ([np.array([i for i, _ in items], dtype=np.int64)],
            [np.array([w for _, w in items], dtype=np.float32)])


def _unwrapped(matcher):
    while isinstance(matcher, wrappers.WrappingMatcher):
        matcher = matcher.child  # deletions are applied through ``VectorSearcher.live`` instead
    return matcher


def _can_read_fast(matcher) -> bool:
    return all(hasattr(matcher, name) for name in FAST_PATH_ATTRIBUTES)


def fast_path_ok() -> bool:
    """Whether the fast posting reader agrees with the public API here (checked once per process)."""
    global _fast_path
    with _fast_path_lock:
        if _fast_path is None:
            _fast_path = _self_check()
            if not _fast_path:
                log.warning("search: Whoosh's codec is not what the fast engine expects; "
                            "reading postings through the public API (slower, same results)")
        return _fast_path


def _self_check() -> bool:
    """Write a small index the way the real one is written and read every term both ways."""
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    from .index import make_schema

    try:
        with tempfile.TemporaryDirectory() as folder:
            ix = whoosh_index.create_in(folder, make_schema())
            with ix.writer(codec=W3Codec(blocklimit=16)) as writer:
                for number in range(300):
                    words = ["gemeente"] + ["wachtlijst"] * (number % 4 + 1) * (number % 3 == 0)
                    words += ["zeldzaam"] * (number % 97 == 0)
                    writer.add_document(key=f"story:{number}", version="1", kind="story", date=number,
                                        title=f"titel {number % 7}", text=" ".join(words), words="x")
            with ix.writer(codec=W3Codec(blocklimit=16)) as writer:
                writer.delete_by_term("key", "story:5")  # a second segment, with a deletion
                writer.add_document(key="story:5", version="2", kind="story", date=5, title="titel", text="nieuw")
            with ix.searcher() as searcher:
                for sub, _ in searcher.subsearchers or [(searcher, 0)]:
                    reader = sub.reader()
                    for fieldname in ("title", "text"):
                        for text in reader.lexicon(fieldname):
                            fast = _unwrapped(reader.postings(fieldname, text))
                            public = _unwrapped(reader.postings(fieldname, text))
                            if not _can_read_fast(fast):
                                return False
                            got, expected = _fast_postings(fast), _public_postings(public)
                            if not (np.array_equal(np.concatenate(got[0]), expected[0][0])
                                    and np.array_equal(np.concatenate(got[1]), expected[1][0])):
                                return False
        return True
    except Exception:
        log.exception("search: the fast engine's self-check failed")
        return False


def plain_terms(query) -> bool:
    """Whether the query is only And/Or over single terms (what this engine handles)."""
    if isinstance(query, Q.Term):
        return True
    if isinstance(query, (Q.And, Q.Or)) and not isinstance(query, (Q.AndMaybe, Q.AndNot)):
        return all(plain_terms(child) for child in query.children())
    return False


class VectorSearcher:
    """Per-searcher arrays: which documents are live, field lengths, dates. Built lazily, once."""

    def __init__(self, searcher, *, fast: bool | None = None):
        self.searcher = searcher
        self.fast = fast_path_ok() if fast is None else fast
        self.size = searcher.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._live = None
        self._dates = None
        self._value_masks: dict[tuple[str, str], np.ndarray] = {}

    @property
    def live(self) -> np.ndarray:
        """Documents not deleted. Deletions change without a new segment, so this is never kept
        beyond the searcher; each segment's list of deleted documents is short."""
        if self._live is None:
            parts = []
            for reader, _ in self._segments():
                mask = np.ones(reader.doc_count_all(), dtype=bool)
                if reader.has_deletions():
                    mask[np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)] = False
                parts.append(mask)
            self._live = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
        return self._live

    def _segments(self):
        """(segment reader, first document number) for every segment of the searcher; an empty
        index has none."""
        readers = [(sub.reader(), offset) for sub, offset in (self.searcher.subsearchers or [(self.searcher, 0)])]
        return [(reader, offset) for reader, offset in readers if reader.segment() is not None]

    def _per_segment(self, name: str, read, dtype) -> np.ndarray:
        """One value per document, read segment by segment (each kept in ``segment_arrays``)."""
        parts = [segment_arrays.get((_segment_key(reader), name), lambda reader=reader: (read(reader),))[0]
                 for reader, _ in self._segments()]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    @property
    def dates(self) -> np.ndarray:
        if self._dates is None:
            def read(reader):
                column = reader.column_reader("date")
                count = reader.doc_count_all()
                return np.fromiter((column[i] or 0 for i in range(count)), dtype=np.int64, count=count)
            self._dates = self._per_segment("dates", read, np.int64)
        return self._dates

    def lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            def read(reader):
                count = reader.doc_count_all()
                return np.fromiter((reader.doc_field_length(i, fieldname, 1) for i in range(count)),
                                   dtype=np.float32, count=count)
            self._lengths[fieldname] = self._per_segment(f"lengths:{fieldname}", read, np.float32)
        return self._lengths[fieldname]

    def postings_of(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and term weights (frequencies) of one term, as arrays."""
        id_parts, weight_parts = [], []
        for reader, offset in self._segments():
            if (fieldname, text) not in reader:
                continue
            ids, weights = segment_arrays.get((_segment_key(reader), "postings", self.fast, fieldname, text),
                                              lambda reader=reader: self._read_postings(reader, fieldname, text))
            id_parts.append(ids + offset)
            weight_parts.append(weights)
        if not id_parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(id_parts), np.concatenate(weight_parts)

    def _read_postings(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        matcher = _unwrapped(reader.postings(fieldname, text))
        ids, weights = (_fast_postings if self.fast and _can_read_fast(matcher) else _public_postings)(matcher)
        if not ids:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        # Kept for the process: 4-byte document numbers (a segment holds far fewer than 2**31).
        return np.concatenate(ids).astype(np.int32), np.concatenate(weights)

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
