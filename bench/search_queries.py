"""Run the query benchmark against a built index, in a process of its own.

Separate from the build so that its peak memory is that of a serving process.
usage: python -m bench.search_queries INDEX_INSTANCE_DIR
"""

import json
import random
import statistics
import sys
import time
from types import SimpleNamespace

from bench.memory import peak_rss_mib
from storybank.search.index import SearchIndex
from storybank.search.query import SearchRequest, run_search

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


def main(instance: str) -> None:
    index = SearchIndex(instance)

    def load(keys):  # stands in for the database: text for highlighting
        return {key: SimpleNamespace(text=TEXT) for key in keys}

    run_search(index, SearchRequest(text="gemeente"), load)  # open the index, warm caches
    timings = []
    for search_request in queries():
        start = time.perf_counter()
        outcome = run_search(index, search_request, load)
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
    main(sys.argv[1])
