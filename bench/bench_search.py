"""Search side by side: the Whoosh index and PostgreSQL full-text search, the same stories, the same queries.

Whoosh: the index is built straight from synthetic documents (no database), the way
'storybank reindex' builds it. PostgreSQL: a throw-away server (started like the tests
start theirs) gets the schema from the migrations and the same synthetic stories by COPY,
each story's tsvector computed as it is stored. The same 100 queries then run in a
separate process, whose peak resident memory stands for that of a serving process (the
PostgreSQL server's own memory is not in it). PostgreSQL runs twice: ranking from the RUM
index (the default when the extension is installed) and with ts_rank over every match.
Whoosh runs twice too: as served (postings read once are kept per segment) and with
every query reading its postings from the files (``every_query_cold``).

Sizes: BENCH_SEARCH_SIZES=10000 python -m bench bench_search (default 10,000 and 100,000;
the 100,000 build takes minutes). BENCH_SEARCH_DERIVATION=0 builds and searches without the Dutch
word families and compound parts (SEARCH_DERIVATION), to see what they cost.
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
DERIVATION = os.environ.get("BENCH_SEARCH_DERIVATION", "1") != "0"
ROOT = Path(__file__).resolve().parent.parent


def document(story) -> dict:
    return {
        "key": f"story:{story.id}", "version": "1", "kind": "story", "title": story.title,
        "text": f"{story.text}\nEen {story.narrator_role} vertelt", "role": story.narrator_role,
        "patterns": " ".join(story.patterns), "year": str(story.year),
        "date": story.year * 100 + story.month, "words": f"{story.title} {story.text}",
    }


def folder_size_mib(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def measure(*arguments: str) -> dict:
    served = subprocess.run([sys.executable, "-m", "bench.search_queries", *arguments],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(served.stdout)


def whoosh(size: int) -> dict:
    with tempfile.TemporaryDirectory() as instance:
        index = SearchIndex(instance, derivation=DERIVATION)
        versions = {f"story:{n}": "1" for n in range(1, size + 1)}
        start = time.perf_counter()
        index.rebuild((document(s) for s in generate(size)), lambda: versions, lambda keys: ([], []))
        build_seconds = time.perf_counter() - start
        return {"build_seconds": round(build_seconds, 1),
                "index_mib": folder_size_mib(Path(os.path.realpath(Path(instance) / "search"))),
                **measure(instance), "every_query_cold": measure(instance, "--cold")}


def postgres(server, size: int) -> dict:
    from bench.pg_setup import database_mib, load, make_app
    from storybank.extensions import db

    name = server.create_database()
    try:
        with tempfile.TemporaryDirectory() as instance:
            app = make_app(server.url(name), instance)
            build_seconds = load(app, size, derivation=DERIVATION)
            result = {"build_seconds": round(build_seconds, 1), "database_mib": database_mib(app)}
            with app.app_context():
                for engine in db.engines.values():
                    engine.dispose()
            for ranking in ("rum", "plain"):
                result[ranking] = measure("--postgres", server.url(name), "--ranking", ranking,
                                          *([] if DERIVATION else ["--no-derivation"]))
            return result
    finally:
        server.drop_database(name)


def run() -> dict:
    from bench.pg_setup import postgres_server

    sizes = [int(s) for s in os.environ.get("BENCH_SEARCH_SIZES", "").split(",") if s] or SIZES
    results = {"derivation": DERIVATION, "whoosh": {}, "postgres": {}, "load_average_at_start": os.getloadavg()[0]}
    with postgres_server() as server:
        for size in sizes:
            results["whoosh"][str(size)] = whoosh(size)
            print("whoosh", size, results["whoosh"][str(size)], flush=True)
            results["postgres"][str(size)] = postgres(server, size)
            print("postgres", size, results["postgres"][str(size)], flush=True)
    results["load_average_at_end"] = os.getloadavg()[0]
    return results
