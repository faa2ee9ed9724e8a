"""Near-duplicates: the same story told (or pasted) twice, give or take a few words.

Character 5-grams within words survive small edits, different anonymisation
numbering and changed punctuation, so a cosine of 0.8 or more over their
TF-IDF means "nearly the same text"; unrelated stories on one theme stay far
below that (about 0.2 to 0.4 in our corpus).
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer

THRESHOLD = 0.8


def near_duplicates(text: str, candidates: list[tuple[int, str]], *, threshold: float = THRESHOLD
                    ) -> list[tuple[int, float]]:
    """The candidates whose text is nearly the same as ``text``, most similar first."""
    if not candidates:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(5, 5), lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([text] + [body for _, body in candidates])
    similarities = (matrix[1:] @ matrix[0].T).toarray().ravel()
    found = [(key, float(s)) for (key, _), s in zip(candidates, similarities) if s >= threshold]
    return sorted(found, key=lambda item: -item[1])
