"""Load benchmark: real `storybank serve` processes on loopback under a mixed load.

Pages, searches, API calls and real submissions through the two-step share form, first with one
client, then with many, against the same servers; req/s and p50/p95/p99 per kind, server errors,
stalls over 1 s, garbage-collection pauses the servers logged, memory of the server processes,
and whether every acknowledged receipt is in the database afterwards.

    python -m bench.load                 # 50 clients for 60 s (and 1 client for 60 s)
    python -m bench.load --quick         # 5 clients for 10 s: to try it out
    python -m bench.load --servers 2 --workers 2 --database-url postgresql+psycopg://...

Bounded (every run stops by itself) and loopback only. Writes bench/results/load.json unless
--output says otherwise.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .bench_pages import percentile
from .loadclient import run_clients, site_facts
from .servers import (ROOT, Server, check_database, environment, errors_logged, gc_pauses, prepare_instance,
                      running, server_errors)

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


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--quick", action="store_true", help="5 clients, 10 s per phase")
    parser.add_argument("--servers", type=int, default=1, help="app servers on separate ports, one database")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers per server (default: cores)")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a throw-away instance folder")
    parser.add_argument("--port", type=int, default=5310, help="first port; the next servers take the next ones")
    parser.add_argument("--note", default="", help="recorded with the results, e.g. 'machine busy'")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "load.json"))
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.duration = 5, 10

    with tempfile.TemporaryDirectory(prefix="storybank-load-") as folder:
        instance = Path(folder) / "instance"
        env = environment(instance, args.database_url)
        prepare_instance(instance, env)
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
            memory = [server.memory_mib() for server in servers]
            logs = "\n".join(server.log_text() for server in servers)
        results = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
            "note": args.note,
            "command": "python -m bench.load " + " ".join(argv or __import__("sys").argv[1:]),
            "setup": {"servers": args.servers, "server": args.server, "workers": args.workers or "default",
                      "database": "given URL" if args.database_url else "SQLite", "seconds_per_phase": args.duration},
            "phases": phases,
            "server_memory": memory,
            "gc_pauses_over_0_5s": gc_pauses(logs),
            "ready_lines": logs.count("Storybank is ready"),
            "queue_warnings": logs.count("Task queue depth"),
            "tracebacks": logs.count("Traceback"),
            "errors_logged": errors_logged(logs),
            "database": check_database(env, shared.references),
        }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
