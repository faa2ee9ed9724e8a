"""Findability: recall@10 and nDCG@10 of a judged query set, with and without Dutch families.

usage: python -m bench.bench_findability FILE [--backend whoosh|postgres] [--no-derivation] [--json OUT]

FILE is YAML: a list of ``{query, audience, relevant: {doc_id: grade}}``, where
``doc_id`` is a story slug or ``tip:<place-slug>:<audience>`` and a grade is 2
(what the reader is after) or 1 (useful). The site is built from ``corpus/`` in a
throw-away instance (SQLite and Whoosh, or a throw-away PostgreSQL server), each
query is searched as typed, without filters, and the first ten hits are scored:

* recall@10: the share of a query's relevant documents among its first ten hits;
* nDCG@10: discounted cumulative gain of the grades (gain = grade, discount
  log2(rank + 1)), divided by that of the best possible order.

Both are averaged per audience and over all queries. Without ``--no-derivation``
the set runs twice, before (families and compound parts off) and after (on), and
the table shows both. ``bench/findability_sample.yaml`` shows the format; the
judged set itself is kept elsewhere, by whoever wrote it, so that nobody tunes on it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

K = 10
SAMPLE = Path(__file__).resolve().parent / "findability_sample.yaml"
AUDIENCES = ("professionals", "coordinatoren", "ketenpartners", "gemeenten")


def load_judgements(path: str | Path) -> list[dict]:
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    problems = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not str(entry.get("query", "")).strip():
            problems.append(f"entry {number}: no query")
        elif not entry.get("relevant") or any(grade not in (1, 2) for grade in entry["relevant"].values()):
            problems.append(f"entry {number} ({entry['query']}): relevant needs doc_id: 1 or 2")
    if problems:
        raise ValueError("; ".join(problems))
    return entries


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    gain = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]))
    ideal = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return gain / ideal if ideal else 0.0


def doc_id(hit) -> str:
    if hit.kind == "story":
        return hit.item.slug
    return f"tip:{hit.item.pattern.slug}:{hit.item.audience}"


def score(entries: list[dict], ranked_for) -> dict:
    """Mean recall@10 and nDCG@10 per audience and overall; ``ranked_for(query)`` gives doc ids."""
    groups = defaultdict(list)
    for entry in entries:
        ranked = ranked_for(entry["query"])
        measured = {"recall": recall_at(ranked, entry["relevant"]), "ndcg": ndcg_at(ranked, entry["relevant"])}
        groups[entry.get("audience") or "?"].append(measured)
        groups["all"].append(measured)
    return {name: {"queries": len(rows),
                   "recall@10": round(sum(r["recall"] for r in rows) / len(rows), 3),
                   "ndcg@10": round(sum(r["ndcg"] for r in rows) / len(rows), 3)}
            for name, rows in sorted(groups.items(), key=lambda item: (item[0] == "all", item[0]))}


@contextlib.contextmanager
def corpus_site(backend: str, derivation: bool):
    """A site built from corpus/, searched through the app's own search seam."""
    from storybank import create_app, search
    from storybank.corpus import read_corpus
    from storybank.extensions import db
    from storybank.services.content import sync_corpus

    with contextlib.ExitStack() as stack:
        settings = {"TESTING": True, "SECRET_KEY": "bench", "SEARCH": backend, "SEARCH_DERIVATION": derivation,
                    "SEARCH_REBUILD_ON_START": False, "INSTANCE": stack.enter_context(tempfile.TemporaryDirectory())}
        if backend == "postgres":
            from bench.pg_setup import postgres_server

            server = stack.enter_context(postgres_server())
            settings["DATABASE_URL"] = server.url(server.create_database())
        app = create_app(settings)
        with app.app_context():
            db.create_all()
            sync_corpus(read_corpus(app.config["CORPUS_DIR"]))
            search.reindex()

        def ranked_for(query: str) -> list[str]:
            with app.app_context():
                outcome = search.search(search.SearchRequest(text=query, per_page=K))
                return [doc_id(hit) for hit in outcome.hits]

        try:
            yield ranked_for
        finally:
            with app.app_context():
                for engine in db.engines.values():
                    engine.dispose()


def run(path: str | Path = SAMPLE, backend: str = "whoosh", settings=(False, True)) -> dict:
    """``make bench`` runs this on the format sample only; give the judged set's FILE on the command line."""
    entries = load_judgements(path)
    results = {"file": str(path), "backend": backend, "queries": len(entries)}
    for derivation in settings:
        with corpus_site(backend, derivation) as ranked_for:
            results["after" if derivation else "before"] = score(entries, ranked_for)
    return results


def table(results: dict) -> str:
    runs = [name for name in ("before", "after") if name in results]
    header = "| audience | queries | " + " | ".join(f"recall@10 {r} | nDCG@10 {r}" for r in runs) + " |"
    lines = [header, "|" + " --- |" * (2 + 2 * len(runs))]
    for audience, first in results[runs[0]].items():
        cells = [f"{results[r][audience]['recall@10']:.3f} | {results[r][audience]['ndcg@10']:.3f}" for r in runs]
        lines.append(f"| {audience} | {first['queries']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--no-derivation", action="store_true", help="only the run without Dutch families")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args.file, args.backend, settings=(False,) if args.no_derivation else (False, True))
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
