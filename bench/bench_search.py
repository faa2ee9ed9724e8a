"""Search index build time and size, and query latency at 10,000 and 100,000 stories.

The index is built straight from synthetic documents (no database), the way
'storybank reindex' builds it; queries run in a separate process, whose peak
resident memory stands for that of a serving process.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate
from storybank.search.index import SearchIndex

SIZES = (10_000, 100_000)


def document(story) -> dict:
    return {
        "key": f"story:{story.id}", "version": "1", "kind": "story", "title": story.title,
        "text": f"{story.text}\nEen {story.narrator_role} vertelt", "role": story.narrator_role,
        "patterns": " ".join(story.patterns), "year": str(story.year),
        "date": story.year * 100 + story.month, "words": f"{story.title} {story.text}",
    }


def folder_size_mib(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def run() -> dict:
    results = {}
    for size in SIZES:
        with tempfile.TemporaryDirectory() as instance:
            index = SearchIndex(instance)
            versions = {f"story:{n}": "1" for n in range(1, size + 1)}
            start = time.perf_counter()
            index.rebuild((document(s) for s in generate(size)), lambda: (versions, lambda keys: []))
            build_seconds = time.perf_counter() - start
            served = subprocess.run([sys.executable, "-m", "bench.search_queries", instance],
                                    capture_output=True, text=True, check=True,
                                    cwd=Path(__file__).resolve().parent.parent)
            results[str(size)] = {
                "build_seconds": round(build_seconds, 1),
                "index_mib": folder_size_mib(Path(os.path.realpath(Path(instance) / "search"))),
                **json.loads(served.stdout),
            }
            print(size, results[str(size)], flush=True)
    return {"stories": results}
