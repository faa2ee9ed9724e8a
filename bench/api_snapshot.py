"""A snapshot of what the JSON API, search and the anonymiser answer, to prove a restructure changes none of it.

    python -m bench.api_snapshot --output FILE             # fresh instance, demo corpus, every answer -> FILE
    python -m bench.api_snapshot --compare A.json B.json   # the differences per story / query; exit 1 if any

`storybank init` makes a fresh instance (SQLite + Whoosh) in a temporary folder, as an operator would;
the Flask test client then asks the API everything. Answers are stored under stable names (story slug,
query string, blind-set id), never a database id. What may vary between runs is normalised: the host
of absolute URLs. The API shows no timestamps or timings; the run time goes to stderr, not into the
file. Keys are sorted and indented, so two snapshots can be compared with a plain diff too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.search_queries import queries as bench_queries
from storybank.config import PROJECT_ROOT
from storybank.vocabulary import AUDIENCES, NARRATOR_ROLES

BLIND_SETS = sorted((PROJECT_ROOT / "bench" / "data").glob("anonymisation_blind*.jsonl"))
KINDS = {"story": "verhaal", "tip": "tip"}  # SearchRequest.kind -> the API's `soort`
FILTER_QUERIES = ("", "wachtlijst", "gemeente jeugdhulp")  # each with every filter below
FILTERS = [{"soort": "verhaal"}, {"soort": "tip"}, {"sorteer": "datum"}, {"rol": "jeugdprofessional"},
           {"rol": "wethouder"}, {"jaar": "2022"}, {"jaar": "2024"}, {"patroon": "stroperigheid"},
           {"soort": "verhaal", "rol": "ouder", "sorteer": "datum"}]
ERRORS = ["/api/v1/verhalen/bestaat-niet", "/api/v1/verhalen?pagina=0", "/api/v1/verhalen?rol=onbekend",
          "/api/v1/verhalen?pagina=999", "/api/v1/zoek?soort=onzin&sorteer=gisteren",
          "/api/v1/zoek?groep=gemeenten", "/api/v1/zoek?q=" + "wachtlijst%20" * 25]
IDENTITY = ("kind", "slug", "pattern", "audience")  # the fields a compacted list entry always keeps
HOST = re.compile(r"^https?://[^/]+")


def normalise(value, key: str = ""):
    """Absolute URLs lose their scheme and host; everything else stays as answered."""
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return HOST.sub("", value) if isinstance(value, str) and key.endswith("url") else value


def get(client, url: str):
    response = client.get(url)
    return response.status_code, normalise(response.get_json()) if response.is_json else response.get_data(as_text=True)


def identity(entry) -> str | None:
    """A story or tip in a list by a stable name: its slug, or tip:place/audience (None for anything else)."""
    if not isinstance(entry, dict) or not ("slug" in entry or entry.get("kind") == "tip"):
        return None
    return f"tip:{entry['pattern']}/{entry['audience']}" if entry.get("kind") == "tip" else entry["slug"]


def every_page(client, path: str, params: dict, items: str, known: dict | None = None) -> dict:
    """All pages of a paginated endpoint as one list, with the pagination block of the first page.

    With ``known`` (story and tip answers stored elsewhere in the snapshot, by identity) an entry keeps
    its identity and only the fields that differ from that answer: no excerpt repeated fifty times.
    """
    status, first = get(client, f"{path}?{urlencode(params)}")
    if status != 200:
        return {"status": status, "body": first}
    results = list(first[items])
    for page in range(2, first["pagination"]["pages"] + 1):
        status, more = get(client, f"{path}?{urlencode(dict(params, pagina=page))}")
        assert status == 200 and more["pagination"]["page"] == page, (path, params, page, status)
        results += more[items]
    if known is not None:
        same = [known.get(identity(entry)) for entry in results]
        results = [entry if s is None else {k: v for k, v in entry.items() if k in IDENTITY or s.get(k, ...) != v}
                   for entry, s in zip(results, same)]
    return {**{k: v for k, v in first.items() if k != items}, items: results}


def search_params(place_slugs: list[str]) -> list[dict]:
    """bench/search_queries.py's queries, each place slug and narrator role, and the filters with a few words."""
    made = [{"q": r.text, "patroon": r.pattern, "rol": r.role, "jaar": r.year, "soort": KINDS.get(r.kind),
             "sorteer": None if r.sort == "relevantie" else r.sort} for r in bench_queries()]
    made += [{"q": text} for text in [*place_slugs, *NARRATOR_ROLES.values(), ""]]
    made += [dict(f, q=q) for q in FILTER_QUERIES for f in FILTERS]
    return [{k: v for k, v in p.items() if v or k == "q"} for p in made]


def api_answers(client) -> dict:
    places = get(client, "/api/v1/patronen")[1]["patterns"]
    slugs = [place["slug"] for place in places]
    lists = {"": {}, **{f"patroon={s}": {"patroon": s} for s in slugs},
             **{f"groep={g}": {"groep": g} for g in AUDIENCES}}
    stories = every_page(client, "/api/v1/verhalen", {}, "stories")["stories"]
    known = {s["slug"]: s for s in stories}  # as the unfiltered /verhalen lists them
    known.update({f"tip:{place['slug']}/{tip['audience']}": {"text": tip["text"]}
                  for place in places for tip in place["tips"]})
    return {
        "index": get(client, "/api/v1/")[1],
        "places": {place["slug"]: place for place in places},
        "story_lists": {name: every_page(client, "/api/v1/verhalen", args, "stories", known if name else None)
                        for name, args in lists.items()},
        "stories": {s["slug"]: get(client, f"/api/v1/verhalen/{s['slug']}")[1] for s in stories},
        "search": {urlencode(sorted(p.items())): every_page(client, "/api/v1/zoek", p, "results", known)
                   for p in search_params(slugs)},
        "errors": {url: dict(zip(("status", "body"), get(client, url))) for url in ERRORS},
    }


def anonymised(text: str) -> dict:
    """What `storybank anonymise` prints: the text, and each finding's kind and offsets."""
    from nlp.anonymise import anonymise

    result = anonymise(text)
    return {"text": result.text,
            "findings": [f"{f.kind} {f.start}-{f.end} (was {f.original_length})" for f in result.findings]}


def anonymiser_answers(corpus) -> dict:
    answers = {f"corpus/{story.slug}": anonymised(story.text) for story in corpus.stories}
    for path in BLIND_SETS:  # JSON Lines: an id, the plain text, and what a person marked in it
        for record in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines())):
            answers[f"{path.stem}/{record['id']}"] = anonymised(record["text"])
    return answers


def snapshot() -> dict:
    from storybank import create_app
    from storybank.corpus import read_corpus

    with tempfile.TemporaryDirectory(prefix="storybank-snapshot-") as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "snapshot", "DATABASE_URL": None, "SEARCH": "whoosh",
                          "SEARCH_REBUILD_ON_START": False})
        init = app.test_cli_runner().invoke(args=["init"])
        if init.exit_code != 0:
            raise SystemExit(f"storybank init failed:\n{init.output}{init.exception or ''}")
        with app.app_context():
            api = api_answers(app.test_client())
        corpus = read_corpus(Path(app.config["CORPUS_DIR"]))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    return {"_meta": {"commit": head.stdout.strip() or None}, **api, "anonymiser": anonymiser_answers(corpus)}


def shown(value, at: int = 0) -> str:
    """A value on one line; a long string from a little before ``at``, where it starts to differ."""
    if isinstance(value, str) and len(value) > 200:
        start = max(0, at - 60)
        return ("…" if start else "") + json.dumps(value[start:start + 200], ensure_ascii=False) + "…"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def differences(a, b, path: str = "") -> list[str]:
    """Keys and list items only one side has, an order that changed, else the values where they part."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(a.keys() | b.keys()):
            where = f"{path} / {key}" if path else key
            if key in a and key in b:
                found += differences(a[key], b[key], where)
            else:
                found.append(f"{where}: only in {'A' if key in a else 'B'}")
        return found
    if isinstance(a, list) and isinstance(b, list) and all(map(identity, a + b)):  # stories and tips, by name
        order = [", ".join(map(identity, side)) for side in (a, b)]
        found = [] if order[0] == order[1] else [f"{path}: order\n    A: {order[0]}\n    B: {order[1]}"]
        return found + differences({identity(x): x for x in a}, {identity(y): y for y in b}, path)
    if isinstance(a, list) and isinstance(b, list):
        found = [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path} [{i}]")]
        found += [f"{path} [{i}]: only in A: {shown(x)}" for i, x in enumerate(a[len(b):], len(b))]
        return found + [f"{path} [{i}]: only in B: {shown(y)}" for i, y in enumerate(b[len(a):], len(a))]
    if a == b:
        return []
    at = len(os.path.commonprefix([a, b])) if isinstance(a, str) and isinstance(b, str) else 0
    return [f"{path}:\n    A: {shown(a, at)}\n    B: {shown(b, at)}"]


def compare(first: Path, second: Path) -> int:
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    meta = a.pop("_meta", None), b.pop("_meta", None)
    if meta[0] != meta[1]:
        print(f"A was taken on {meta[0]}, B on {meta[1]} (not counted as a difference)")
    found = differences(a, b)
    print("\n".join(found + [f"{len(found)} difference(s)" if found else "no differences"]))
    return 1 if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--output", type=Path, help="write a snapshot here")
    group.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two snapshots")
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.compare))
    start = time.perf_counter()
    data = snapshot()
    args.output.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(data[name])} {name}" for name in ("stories", "places", "search", "anonymiser"))
    print(f"{args.output}: {counts}; {args.output.stat().st_size / 2**20:.1f} MiB in "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    os._exit(0)  # skips freeing deduce's lookup structures at exit (another ~10 s); nothing else is open


if __name__ == "__main__":
    main()
