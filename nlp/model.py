"""Assign stories to patterns, with scores between 0 and 1 and the reasons why.

The model is a nearest-centroid classifier (Rocchio, with the overall mean
partly subtracted from each centroid) over TF-IDF of Dutch word stems and stem
bigrams. With a few hundred short training texts it
generalises better than a discriminative model, which learns the quirks of
our own demo stories. Each pattern's centroid averages its stories, its
description and tips, and its lexicon (repeated, so that the lexicon weighs
like a handful of stories). Cosine similarities become probabilities through
one logistic curve fitted on out-of-fold similarities (Platt scaling), so a
score of 0.7 means about the same for every pattern.

Follows scikit-learn's estimator rules: ``__init__`` stores parameters,
``fit`` returns self, learned attributes end in ``_``.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import normalize

from .dutch import processor


def _identity(terms):
    return terms


def _with_bigrams(terms: list[str]) -> list[str]:
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def lexicon_documents(lexicons: dict[str, list[str]], weight: int) -> tuple[list[str], list[list[str]]]:
    """Each pattern's lexicon as a training text labelled with that pattern, ``weight`` times,
    so that a lexicon weighs like a handful of stories."""
    texts, labels = [], []
    for slug, lines in lexicons.items():
        texts += [" ".join(lines).replace(",", " ")] * weight
        labels += [[slug]] * weight
    return texts, labels


# Below this best score a story has "geen duidelijk patroon": the review page says so and the story
# is a candidate for the emerging clusters. The one definition; everything else reads it from here.
NO_CLEAR_PATTERN = 0.35


class PatternModel(BaseEstimator):
    """Multi-label pattern assignment: ``fit(texts, label_sets)``, ``predict_scores(texts)``."""

    def __init__(self, *, lexicon_weight: int = 3, centering: float = 0.8, min_df: int = 1,
                 calibration_folds: int = 5, threshold: float = NO_CLEAR_PATTERN, random_state: int = 0):
        self.lexicon_weight = lexicon_weight
        self.centering = centering
        self.min_df = min_df
        self.calibration_folds = calibration_folds
        self.threshold = threshold
        self.random_state = random_state

    # -- training ------------------------------------------------------------------

    def fit(self, texts, label_sets, *, lexicons: dict[str, list[str]] | None = None,
            calibrate_on: int | None = None):
        """Learn centroids. The first ``calibrate_on`` texts (stories, not descriptions
        or lexicons) are used for the out-of-fold calibration; default: all."""
        extra_texts, extra_labels = lexicon_documents(lexicons or {}, self.lexicon_weight)
        texts, label_sets = list(texts) + extra_texts, [list(labels) for labels in label_sets] + extra_labels
        self.classes_ = sorted({slug for labels in label_sets for slug in labels})
        terms = [_with_bigrams(t) for t in processor().terms(texts)]
        self.vectorizer_ = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=self.min_df)
        matrix = self.vectorizer_.fit_transform(terms)
        targets = self._targets(label_sets)
        self.centroids_ = self._centroids(matrix, targets)
        n = calibrate_on if calibrate_on is not None else len(texts)
        self.calibration_ = self._calibrate(matrix, targets, n)
        self.n_training_texts_ = len(texts)
        return self

    def _targets(self, label_sets) -> np.ndarray:
        return np.array([[slug in labels for slug in self.classes_] for labels in label_sets], dtype=bool)

    def _centroids(self, matrix, targets) -> np.ndarray:
        """Class means minus part of the overall mean: words every story shares ("gemeente",
        "gezin") stop pulling all texts towards the broadest pattern."""
        overall = np.asarray(matrix.mean(axis=0)).ravel()
        rows = [np.asarray(matrix[targets[:, k]].mean(axis=0)).ravel() - self.centering * overall
                if targets[:, k].any() else np.zeros(matrix.shape[1]) for k in range(targets.shape[1])]
        return normalize(np.vstack(rows))

    def _calibrate(self, matrix, targets, n: int) -> LogisticRegression:
        """Fit similarity -> probability on similarities to centroids built without that text.

        Similarity alone, not the margin over the next pattern: the margin calibrates better
        on our own stories but makes off-topic stories look sure of their best pattern, and
        the threshold exists to catch those (README, "Pattern mining")."""
        folds = KFold(n_splits=min(self.calibration_folds, n), shuffle=True, random_state=self.random_state)
        similarities, labels = [], []
        extra = np.arange(n, matrix.shape[0])
        for train, test in folds.split(np.arange(n)):
            rows = np.concatenate([train, extra])
            centroids = self._centroids(matrix[rows], targets[rows])
            similarities.append(np.asarray(normalize(matrix[test]) @ centroids.T).ravel())
            labels.append(targets[test].ravel())
        curve = LogisticRegression(C=10.0)
        curve.fit(np.concatenate(similarities).reshape(-1, 1), np.concatenate(labels))
        return curve

    # -- using ---------------------------------------------------------------------

    def _vectors(self, texts):
        return normalize(self.vectorizer_.transform([_with_bigrams(t) for t in processor().terms(texts)]))

    def similarities(self, texts) -> np.ndarray:
        return np.asarray(self._vectors(texts) @ self.centroids_.T)

    def predict_scores(self, texts) -> np.ndarray:
        """Probabilities, one column per pattern in ``classes_``."""
        similarities = self.similarities(texts)
        return self.calibration_.predict_proba(similarities.reshape(-1, 1))[:, 1].reshape(similarities.shape)

    def rank(self, text: str) -> list[tuple[str, float]]:
        scores = self.predict_scores([text])[0]
        return sorted(zip(self.classes_, (float(s) for s in scores)), key=lambda item: -item[1])

    def explain(self, text: str, slug: str, *, words: int = 6, sentences: int = 2) -> dict:
        """The words and sentences that brought this text closest to this pattern."""
        k = self.classes_.index(slug)
        vector = self._vectors([text])
        contributions = vector.multiply(self.centroids_[k]).tocsr()
        names = self.vectorizer_.get_feature_names_out()
        order = np.argsort(-contributions.data)[:words]
        stems = [names[contributions.indices[i]] for i in order if contributions.data[i] > 0]
        surface = processor().surface_forms(text)
        top_words = [" ".join(surface.get(part, part) for part in stem.split()) for stem in stems]
        candidates = processor().sentences(text)
        if candidates:
            sims = np.asarray(self._vectors(candidates) @ self.centroids_[k]).ravel()
            best = [candidates[i] for i in np.argsort(-sims)[:sentences] if sims[i] > 0]
        else:
            best = []
        return {"words": top_words, "sentences": best}
