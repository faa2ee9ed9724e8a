"""Load benchmark: real `storybank serve` processes on loopback under a mixed load.

Pages, searches, API calls and real submissions through the two-step share form, first with one
client, then with many, against the same servers; req/s and p50/p95/p99 per kind, server errors,
stalls over 1 s, garbage-collection pauses the servers logged, memory of the server processes,
and whether every acknowledged receipt is in the database afterwards.

    python -m bench.load                 # 50 clients for 60 s (and 1 client for 60 s)
    python -m bench.load --quick         # 5 clients for 10 s: to try it out
    python -m bench.load --servers 2 --workers 2 --postgres   # a throw-away PostgreSQL server
    python -m bench.load --servers 2 --workers 2 --database-url postgresql+psycopg://...

Bounded (every run stops by itself) and loopback only. Writes bench/results/load.json unless
--output says otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from .bench_pages import percentile
from .loadclient import run_clients, site_facts
from .servers import (
    ROOT,
    Server,
    check_database,
    environment,
    errors_logged,
    gc_pause_details,
    gc_pauses,
    prepare_instance,
    running,
    server_errors,
)

KINDS = ("page", "search", "api", "form", "preview", "confirm", "receipt")


def summarise(records, seconds: float) -> dict:
    result = {"requests": len(records), "requests_per_s": round(len(records) / seconds, 1),
              "server_errors": server_errors(records), "unavailable_503": sum(r.status == 503 for r in records),
              "no_answer": sum(r.status == 0 for r in records),
              "over_1s": sum(r.seconds > 1 for r in records), "kinds": {}}
    for kind in KINDS:
        times = [r.seconds * 1000 for r in records if r.kind == kind]
        if times:
            statuses = {}
            for r in records:
                if r.kind == kind:
                    statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
            result["kinds"][kind] = {
                "count": len(times), "per_s": round(len(times) / seconds, 1),
                "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1), "max_ms": round(max(times), 1), "statuses": statuses}
    return result


def published_elsewhere(servers: list[Server], shared, env: dict) -> dict:
    """A story shared and published through the first server, then searched for on the second.

    Reports whether the second server's search found it in its first answer, and otherwise how
    long it took (tried for at most 10 s).
    """
    from urllib.parse import urlencode

    from .faults import _adviser, _review_form, _story_ids
    from .loadclient import Client

    word = "zeppelinhangar"
    teller = Client(servers[0].url, shared, 77)
    reference = teller.submit(title="Overleg in de zeppelinhangar",
                              text="Ons wijkteam hield het overleg over de wachtlijst in een oude zeppelinhangar. "
                                   "Daar kwamen de gemeente en de zorgaanbieder voor het eerst samen aan tafel. " * 2)
    teller.close()
    (story_id,) = _story_ids(env, "Overleg in de zeppelinhangar")
    adviser = _adviser(servers[0], 1)
    _, page, _ = adviser.request("review", "GET", f"/beheer/verhaal/{story_id}")
    form = _review_form(page)
    form.update(action="publish", patterns=[shared.places[0]])
    published, _, _ = adviser.request("publish", "POST", f"/beheer/verhaal/{story_id}", form)
    adviser.close()
    reader = Client(servers[1].url, shared, 78)
    started, answers = time.monotonic(), []
    while True:
        status, body, _ = reader.request("cross-server", "GET", "/api/v1/zoek?" + urlencode({"q": word}))
        found = status == 200 and json.loads(body)["pagination"]["total"] == 1
        answers.append(status)
        if found or time.monotonic() - started > 10:
            break
        time.sleep(0.1)
    reader.close()
    return {"receipt": reference, "publish_status": published, "found_on_second_server": found,
            "found_at_first_search": found and len(answers) == 1,
            "seconds_until_found": round(time.monotonic() - started, 3) if found else None, "answers": answers}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--quick", action="store_true", help="5 clients, 10 s per phase")
    parser.add_argument("--servers", type=int, default=1, help="app servers on separate ports, one database")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers per server (default: cores)")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a throw-away instance folder")
    parser.add_argument("--postgres", action="store_true",
                        help="start throw-away PostgreSQL (fsync on) and Redis (rate limits) servers on "
                             "127.0.0.1, as the tests do, and use them")
    parser.add_argument("--port", type=int, default=5310, help="first port; the next servers take the next ones")
    parser.add_argument("--note", default="", help="recorded with the results, e.g. 'machine busy'")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "load.json"))
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.duration = 5, 10

    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="storybank-load-"))
        extra = {}
        if args.postgres:
            from .pg_setup import postgres_server

            pg = stack.enter_context(postgres_server(durable=True))  # fsync on, like SQLite
            args.database_url = pg.url(pg.create_database())
            # production: rate limits counted in shared storage, not per process
            from storybank.devservers import start_redis

            redis = start_redis()
            stack.callback(redis.stop)
            extra["STORYBANK_RATELIMIT_STORAGE_URI"] = redis.url
        if args.database_url:
            # every server must sign sessions and CSRF tokens with the same key (production rule)
            extra["STORYBANK_SECRET_KEY"] = "load-benchmark-only-" + "0" * 32
        instance = Path(folder) / "instance"
        env = environment(instance, args.database_url, **extra)
        prepare_instance(instance, env, advisers=1 if args.servers > 1 else 0)
        servers = [Server(env, args.port + n, server=args.server, workers=args.workers,
                          log=Path(folder) / f"server-{n}.log") for n in range(args.servers)]
        with running(servers):
            urls = [server.url for server in servers]
            shared = site_facts(urls[0])
            phases = {}
            for name, clients in (("1_client", 1), (f"{args.clients}_clients", args.clients)):
                before = len(shared.records)
                wall = run_clients(urls, shared, clients, args.duration, seed=clients)
                phases[name] = summarise(shared.records[before:], wall)
                print(f"{name}: {phases[name]['requests_per_s']} req/s, "
                      f"{phases[name]['server_errors']} server errors", flush=True)
            elsewhere = published_elsewhere(servers, shared, env) if len(servers) > 1 else None
            memory = [server.memory_mib() for server in servers]
            logs = "\n".join(server.log_text() for server in servers)
        results = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
            "note": args.note,
            "command": "python -m bench.load " + " ".join(argv or __import__("sys").argv[1:]),
            "setup": {"servers": args.servers, "server": args.server, "workers": args.workers or "default",
                      "database": ("PostgreSQL 15, rate limits in Redis" if args.postgres else "given URL")
                                  if args.database_url else "SQLite", "seconds_per_phase": args.duration},
            "phases": phases,
            "server_memory": memory,
            "gc_pauses_over_0_5s": gc_pauses(logs),
            "gc_pause_details": gc_pause_details(logs),
            "ready_lines": logs.count("Storybank is ready"),
            "queue_warnings": logs.count("Task queue depth"),
            "tracebacks": logs.count("Traceback"),
            "errors_logged": errors_logged(logs),
            "published_on_one_found_on_another": elsewhere,
            "database": check_database(env, shared.references),
        }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
