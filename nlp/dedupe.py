"""Near-duplicates: the same story told (or pasted) twice, give or take a few words.

Two stories are near-duplicates when the cosine of their character 5-gram
vectors (5-grams within words, lowercased, log-scaled counts) is 0.8 or more.
5-grams survive small edits, different anonymisation numbering and changed
punctuation; on our corpus an edited copy scores 0.91 or more, while two
different stories on one theme stay at 0.46 or less.

Comparing a new story with every stored one costs time in proportion to the
bank, so candidates are found with MinHash locality-sensitive hashing instead
(datasketch): each story's set of 5-grams gets a 200-value MinHash signature,
cut into 50 bands of 4 values; each band hashes to a bucket number that the
caller stores and indexes. Stories sharing a bucket are candidates, and each
candidate is verified with the exact cosine above, so the 0.8 line means what
it always meant and a false candidate costs one comparison.

A pair at the 0.8 line shares at least ~0.6 of its 5-gram set (Jaccard); such
a pair shares a bucket with probability 1 - (1 - 0.6^4)^50 = 0.999, an edited
copy (Jaccard 0.75 or more) practically always, and an unrelated story on the
same theme (Jaccard 0.2 or less) with probability 0.08 or less.

No IDF weighting: it would depend on the whole bank and force the refit this
module exists to avoid. Nothing here knows about Flask or a database.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash

THRESHOLD = 0.8
NGRAM = 5
BANDS, ROWS = 50, 4
PERMUTATIONS = BANDS * ROWS
SEED = 20261126  # the same permutations in every process, forever: stored buckets depend on it
# Stories compared exactly per check, those sharing the most buckets first: a near-duplicate at
# the 0.8 line shares 6 of the 50 buckets on average, a lightly edited copy 16 or more. So the
# cost of a check stays bounded however many stories happen to share a common bucket.
MAX_CANDIDATES = 20


def shingles(text: str) -> Counter:
    """Character 5-grams within words, each word padded with one space (scikit-learn's char_wb)."""
    grams: Counter = Counter()
    for word in text.lower().split():
        padded = f" {word} "
        if len(padded) <= NGRAM:
            grams[padded] += 1
        else:
            grams.update(padded[i:i + NGRAM] for i in range(len(padded) - NGRAM + 1))
    return grams


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=PERMUTATIONS, seed=SEED).permutations


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the story's 5-gram set."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, permutations=_permutations(), scheme="affine32")
    minhash.update_batch([gram.encode("utf-8") for gram in shingles(text)])
    return minhash.hashvalues


@lru_cache(maxsize=32)
def buckets(text: str) -> tuple[int, ...]:
    """One bucket number per band (signed 64-bit, so any SQL BIGINT holds it).

    Cached for the last few texts: storing a story looks its buckets up and then stores them.
    """
    values = signature(text)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def _unit_vector(text: str) -> dict[str, float]:
    weights = {gram: 1.0 + math.log(count) for gram, count in shingles(text).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {gram: w / norm for gram, w in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(gram, 0.0) for gram, weight in a.items())


def similarity(first: str, second: str) -> float:
    """The exact cosine between two texts' 5-gram vectors."""
    return _cosine(_unit_vector(first), _unit_vector(second))


def near_duplicates(text: str, candidates: Sequence[tuple[int, str]], *, threshold: float = THRESHOLD
                    ) -> list[tuple[int, float]]:
    """The candidates whose text is nearly the same as ``text``, most similar first."""
    if not candidates:
        return []
    vector = _unit_vector(text)
    found = []
    for key, body in candidates:
        score = _cosine(vector, _unit_vector(body))
        if score >= threshold:
            found.append((key, score))
    return sorted(found, key=lambda item: -item[1])
