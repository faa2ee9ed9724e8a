"""Server-side render time of the public pages, measured in-process with the test client."""

import statistics
import tempfile
import time
from pathlib import Path

from storybank import create_app
from storybank.config import PROJECT_ROOT
from storybank.corpus import read_corpus
from storybank.extensions import db
from storybank.services.content import sync_corpus

ROUNDS = 50
PAGES = {
    "map": "/",
    "place": "/plaats/samenspel",
    "story": None,  # filled in with the first corpus story
    "stories": "/verhalen",
    "stories_filtered": "/verhalen?patroon=stroperigheid&jaar=2022",
    "tips": "/tips/gemeenten",
    "about": "/over",
    "not_found": "/plaats/bestaat-niet",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "bench"})
        corpus = read_corpus(Path(PROJECT_ROOT / "corpus"))
        with app.app_context():
            db.create_all()
            sync_corpus(corpus)
        client = app.test_client()
        pages = dict(PAGES, story=f"/verhaal/{corpus.stories[0].slug}")
        results = {"rounds": ROUNDS, "stories": len(corpus.stories), "pages_ms": {}}
        for name, url in pages.items():
            client.get(url)  # warm up templates and caches
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                response.close()
            results["pages_ms"][name] = {
                "p50": round(statistics.median(timings), 2),
                "p95": round(percentile(timings, 0.95), 2),
                "bytes": len(response.data),
            }
        return results
