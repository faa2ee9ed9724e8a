"""Emerging patterns: group the stories no known pattern explains well.

k-means over TF-IDF of stems, with k chosen by the silhouette score (density
methods like HDBSCAN leave most of a few hundred stories as noise). Each group
is described by class-based TF-IDF keywords, the words frequent in that group
and rare in the others, and by the stories closest to its centre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .dutch import processor
from .model import _identity

MIN_STORIES = 4


@dataclass(frozen=True)
class Cluster:
    members: list[int]  # indices into the texts given
    keywords: list[str]
    representatives: list[int]


def emerging_clusters(texts: list[str], *, max_clusters: int = 8, keywords: int = 8, representatives: int = 3,
                      random_state: int = 0) -> list[Cluster]:
    if len(texts) < MIN_STORIES:
        return []
    terms = processor().terms(texts)
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1)
    matrix = normalize(vectorizer.fit_transform(terms))
    labels = _best_kmeans(matrix, max_clusters, random_state)
    vocabulary = vectorizer.get_feature_names_out()
    c_tfidf = _class_tfidf(terms, labels, vocabulary)
    clusters = []
    for label in sorted(set(labels), key=lambda value: -np.sum(labels == value)):
        members = np.flatnonzero(labels == label)
        centre = normalize(np.asarray(matrix[members].mean(axis=0)))
        closeness = np.asarray(matrix[members] @ centre.T).ravel()
        top_terms = [vocabulary[i] for i in np.argsort(-c_tfidf[label])[:keywords] if c_tfidf[label][i] > 0]
        clusters.append(Cluster(
            members=members.tolist(),
            keywords=top_terms,
            representatives=members[np.argsort(-closeness)[:representatives]].tolist(),
        ))
    return clusters


def _best_kmeans(matrix, max_clusters: int, random_state: int) -> np.ndarray:
    n = matrix.shape[0]
    best, best_score = np.zeros(n, dtype=int), -1.0
    for k in range(2, min(max_clusters, n - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=3, random_state=random_state).fit_predict(matrix)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(matrix, labels, metric="cosine", sample_size=min(n, 2000),
                                 random_state=random_state)
        if score > best_score:
            best, best_score = labels, score
    return best


def _class_tfidf(terms: list[list[str]], labels: np.ndarray, vocabulary) -> dict[int, np.ndarray]:
    """Term frequency per cluster, weighted by how rare the term is across clusters."""
    index = {term: i for i, term in enumerate(vocabulary)}
    counts = {label: np.zeros(len(vocabulary)) for label in set(labels)}
    for words, label in zip(terms, labels):
        for word in words:
            if word in index:
                counts[label][index[word]] += 1
    total = sum(counts.values())
    average = np.mean([c.sum() for c in counts.values()])
    idf = np.log(1 + average / np.maximum(total, 1))
    return {label: (c / max(c.sum(), 1)) * idf for label, c in counts.items()}
