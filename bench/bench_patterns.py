"""Pattern model speed and size on synthetic stories, on one core.

Targets from the pattern-mining issue: classify >= 100 stories of 300 words a
second; train on 10,000 stories in < 60 s; clusters for 10,000 stories in < 60 s;
peak memory < 1 GiB; model artefact < 50 MB.
"""

import tempfile
import time
from pathlib import Path

import joblib
from threadpoolctl import threadpool_limits

from bench.memory import peak_rss_mib
from bench.synthetic import generate
from nlp.cluster import emerging_clusters
from nlp.dutch import processor
from nlp.model import PatternModel

TRAIN = 10_000
CLASSIFY = 1_000
CLUSTER = 10_000


def run() -> dict:
    processor()  # load spaCy outside the timings
    stories = list(generate(TRAIN, min_words=280, max_words=320))
    texts = [f"{s.title}. {s.text}" for s in stories]
    labels = [list(s.patterns) for s in stories]
    results = {}
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        model = PatternModel().fit(texts, labels)
        results["train_10000_seconds"] = round(time.perf_counter() - start, 1)

        sample = texts[:CLASSIFY]
        start = time.perf_counter()
        model.predict_scores(sample)
        results["classify_stories_per_second"] = round(CLASSIFY / (time.perf_counter() - start), 1)

        start = time.perf_counter()
        for text in sample[:100]:
            model.explain(text, model.rank(text)[0][0])
        results["rank_and_explain_per_second"] = round(100 / (time.perf_counter() - start), 1)

        start = time.perf_counter()
        found = emerging_clusters(texts[:CLUSTER])
        results["clusters_10000_seconds"] = round(time.perf_counter() - start, 1)
        results["clusters_found"] = len(found)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        joblib.dump({"model": model}, path, compress=3)
        results["artefact_mib_trained_on_10000"] = round(path.stat().st_size / 2**20, 2)
    results["peak_rss_mib"] = peak_rss_mib()
    return results
