"""Run the query benchmark against a built index or a loaded database, in a process of its own.

Separate from the build so that its peak memory is that of a serving process.
usage: python -m bench.search_queries INDEX_INSTANCE_DIR
       python -m bench.search_queries --postgres DATABASE_URL [--ranking rum|plain]

Whoosh keeps the postings it has read per segment (storybank.search.engine.segment_arrays), so a
word searched before is not read again; the 100 queries use 30 words. ``--cold`` empties that
store before every query, so each one reads its postings from the index files: the figure for
words nobody searched since the server started.
"""

import argparse
import json
import random
import statistics
import time
from types import SimpleNamespace

from bench.memory import peak_rss_mib
from storybank.search.base import SearchRequest

WORDS = ["gemeente", "jeugdhulp", "inkoop", "regels", "wachtlijst", "ouders", "vertrouwen", "school",
         "wijkteam", "tarieven", "aanbieder", "budget", "formulieren", "jongeren", "participatie",
         "leidinggevende", "ruimte", "samenwerking", "gezin", "contract", "privacy", "vrijwilliger",
         "beschikking", "professional", "wethouder", "plan", "netwerk", "kinderen", "pilot", "zorg"]
PATTERNS = ["ruimte", "spanning", "samenspel", "stroperigheid", "participatie", "leiderschap"]


def queries(count: int = 100, seed: int = 7) -> list[SearchRequest]:
    rng = random.Random(seed)
    made = []
    for number in range(count):
        text = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        kind = number % 4
        made.append(SearchRequest(
            text=text,
            pattern=rng.choice(PATTERNS) if kind == 1 else None,
            year=rng.randint(2015, 2026) if kind == 2 else None,
            kind="story" if kind == 3 else None,
        ))
    return made


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def whoosh_search(instance: str, cold: bool = False):
    from storybank.search.engine import segment_arrays
    from storybank.search.index import SearchIndex
    from storybank.search.query import run_search

    index = SearchIndex(instance)

    def load(keys):  # stands in for the database: text for highlighting
        return {key: SimpleNamespace(text=TEXT) for key in keys}

    def search(request):
        if cold:
            segment_arrays.clear()
        return run_search(index, request, load)

    return search


def postgres_search(url: str, ranking: str, derivation: bool = True):
    """Everything the backend does per search except loading the page's rows through the ORM
    (the Whoosh run leaves that out too); snippets come from the database, in the same statement."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from storybank.search import postgres

    engine = create_engine(url)
    session = Session(engine)
    backend = postgres.PostgresBackend(derivation=derivation)
    backend.ranking = ranking
    postgres.rows_for = lambda session, keys: {key: SimpleNamespace(text=TEXT) for key in keys}

    def search(request):
        outcome = backend.search(request, session)
        session.rollback()  # each search in a transaction of its own, as in a request
        return outcome

    return search


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("instance", nargs="?")
    parser.add_argument("--postgres")
    parser.add_argument("--ranking", default="rum", choices=("rum", "plain"))
    parser.add_argument("--no-derivation", action="store_true", help="PostgreSQL: no Dutch word families in queries")
    parser.add_argument("--cold", action="store_true", help="Whoosh: forget every kept posting before each query")
    args = parser.parse_args()
    search = (postgres_search(args.postgres, args.ranking, not args.no_derivation) if args.postgres
              else whoosh_search(args.instance, args.cold))
    search(SearchRequest(text="gemeente"))  # open the index, warm caches
    timings = []
    for search_request in queries():
        start = time.perf_counter()
        outcome = search(search_request)
        timings.append((time.perf_counter() - start) * 1000)
        assert outcome.total >= 0
    print(json.dumps({
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
        "peak_rss_mib": peak_rss_mib(),
    }))


TEXT = ("De gemeente en de aanbieder spraken over de wachtlijst, de regels en het budget voor jeugdhulp. "
        "Ouders en jongeren vertelden wat het wijkteam voor hen deed, en waar het vertrouwen ontbrak. ") * 4

if __name__ == "__main__":
    main()
