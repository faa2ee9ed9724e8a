"""Fault benchmark: what Storybank does when things go wrong while it serves, on loopback.

Scenarios (each on its own throw-away instance, each bounded in time):

- kill9: submissions under load; halfway the server and its workers get kill -9; it is
  started again and the load goes on.
- index_deleted: searches under load; halfway the index folder is deleted; later
  `storybank reindex` runs; every worker must answer searches again.
- two_publishers: two servers on two ports share one database; two advisers publish and
  re-place the same stories (everything /beheer lists) at the same time, one on each server.
- read_only: the instance folder is mounted read-only for the server (a private mount
  namespace: needs root on Linux); a teller submits, an adviser logs in with a wrong password,
  pages and search are read.

After each: every acknowledged receipt and publication is in the database, SQLite's
integrity_check, and the search index compared with the database.

    python -m bench.faults            # every scenario, 20 s of load each
    python -m bench.faults --quick    # 8 s each
    python -m bench.faults kill9      # one scenario
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from .loadclient import Client, run_clients, site_facts
from .servers import (
    ROOT,
    Server,
    check_database,
    environment,
    errors_logged,
    prepare_instance,
    server_errors,
    storybank,
)

PASSWORD = "een lang genoeg wachtwoord"


def statuses(records, kinds=None) -> dict:
    return dict(Counter(str(r.status) for r in records if kinds is None or r.kind in kinds))


def kill9(folder: Path, seconds: float, port: int) -> dict:
    instance = folder / "instance"
    env = environment(instance)
    prepare_instance(instance, env)
    server = Server(env, port, log=folder / "server.log")
    server.wait_ready()
    shared = site_facts(server.url)
    submit_only = [("submit", 1.0)]
    done = threading.Event()
    threading.Thread(target=lambda: (run_clients([server.url], shared, 4, seconds, submit_only), done.set()),
                     daemon=True).start()
    time.sleep(seconds / 2)
    acknowledged_before = len(shared.references)
    server.kill()
    killed_at = time.monotonic()
    restarted = Server(env, port, log=folder / "server.log")
    restarted.wait_ready()
    back_after = time.monotonic() - killed_at
    done.wait(timeout=seconds + 600)
    after_restart = len(shared.references)
    run_clients([server.url], shared, 4, seconds / 2, submit_only, seed=2)  # and on it goes
    restarted.stop()
    return {"did": "kill -9 of the server and its workers halfway through submissions, then a restart",
            "acknowledged_before_kill": acknowledged_before, "acknowledged_after_restart":
            len(shared.references) - after_restart, "acknowledged": len(shared.references),
            "serving_again_after_s": round(back_after, 1), "statuses": statuses(shared.records),
            "server_errors": server_errors(shared.records),
            "errors_logged": errors_logged(restarted.log_text()),
            "database": check_database(env, shared.references)}


def index_deleted(folder: Path, seconds: float, port: int) -> dict:
    instance = folder / "instance"
    env = environment(instance)
    prepare_instance(instance, env)
    server = Server(env, port, workers=2, log=folder / "server.log")
    server.wait_ready()
    shared = site_facts(server.url)
    mix = [("search", 0.6), ("page", 0.2), ("api", 0.2)]
    runner = threading.Thread(target=run_clients, args=([server.url], shared, 4, seconds, mix), daemon=True)
    runner.start()
    time.sleep(seconds / 3)
    deleted_at = len(shared.records)
    for path in instance.glob("search*"):
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    time.sleep(seconds / 3)
    reindexed_at = len(shared.records)
    reindex = storybank(env, "reindex")
    runner.join(timeout=seconds + 120)
    after = [Client(server.url, shared, 900 + n) for n in range(8)]
    for client in after:  # spread over both workers by the fresh connections
        client.search()
        client.close()
    server.stop()
    records = shared.records
    return {"did": "deleted the index folder while searches ran, then ran storybank reindex",
            "search_before_delete": statuses(records[:deleted_at], {"search"}),
            "search_after_delete": statuses(records[deleted_at:reindexed_at], {"search"}),
            "search_after_reindex": statuses(records[-len(after):], {"search"}),
            "pages_after_delete": statuses(records[deleted_at:], {"page", "api"}),
            "errors_logged": errors_logged(server.log_text()),
            "reindex_exit": reindex.returncode, "reindex_output": (reindex.stdout + reindex.stderr).strip()[-300:],
            "server_errors": server_errors(records), "unavailable_503": sum(r.status == 503 for r in records),
            "database": check_database(env, set())}


def two_publishers(folder: Path, seconds: float, port: int) -> dict:
    instance = folder / "instance"
    env = environment(instance)
    prepare_instance(instance, env, advisers=2)
    servers = [Server(env, port + n, workers=1, log=folder / f"server-{n}.log") for n in range(2)]
    for server in servers:
        server.wait_ready()
    shared = site_facts(servers[0].url)
    submitter = Client(servers[0].url, shared, 5)
    references = [submitter.submit() for _ in range(6)]
    submitter.close()
    ids = [int(i) for i in re.findall(r'href="/beheer/verhaal/(\d+)"', _adviser(servers[0], 1).request(
        "page", "GET", "/beheer/")[1])]
    published, results = set(), []
    places = shared.places

    def adviser_work(number: int, server: Server) -> None:
        client = _adviser(server, number)
        until = time.monotonic() + seconds
        round_ = 0
        while time.monotonic() < until:
            for story_id in ids:
                status, page, _ = client.request("review", "GET", f"/beheer/verhaal/{story_id}")
                form = _review_form(page)
                chosen = [places[(story_id + round_ + number) % len(places)]]
                form.update(action="publish", patterns=chosen)
                status, _, headers = client.request("publish", "POST", f"/beheer/verhaal/{story_id}", form)
                results.append((number, story_id, status))
                if status == 302:
                    published.add(story_id)
            round_ += 1
        client.close()

    threads = [threading.Thread(target=adviser_work, args=(n + 1, servers[n])) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    for server in servers:
        server.stop()
    counts = Counter(status for _, _, status in results)
    slugs = _slugs(env, published)
    return {"did": "two advisers on two servers (one database) published and re-placed at once every story "
                   "/beheer lists (the 6 new submissions and the published ones)", "stories": len(ids),
            "publish_answers": {str(k): v for k, v in counts.items()},
            "errors_logged": errors_logged("\n".join(server.log_text() for server in servers)),
            "server_errors": server_errors(shared.records),
            "database": check_database(env, {r for r in references if r}, slugs)}


def read_only(folder: Path, seconds: float, port: int) -> dict:
    instance = folder / "instance"
    env = environment(instance)
    prepare_instance(instance, env, advisers=1)
    server = Server(env, port, workers=1, log=folder / "server.log", read_only=instance)
    try:
        server.wait_ready()
        shared = site_facts(server.url)
        teller = Client(server.url, shared, 11)
        reference = teller.submit()
        confirm = [r for r in shared.records if r.kind == "confirm"]
        adviser = Client(server.url, shared, 12)
        _, page, _ = adviser.request("login-form", "GET", "/beheer/inloggen")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        login = adviser.request("login", "POST", "/beheer/inloggen",
                                {"csrf_token": token, "email": "a1@example.org", "password": "fout"})
        run_clients([server.url], shared, 2, seconds / 2, [("page", 0.5), ("search", 0.3), ("api", 0.2)])
    finally:
        server.stop()
    log = server.log_text()
    return {"did": "instance folder mounted read-only for the server; a submission, a wrong login, reading",
            "confirm_status": confirm[-1].status if confirm else None, "receipt": reference,
            "story_kept_in_form": "Uw verhaal is nog niet opgeslagen" in teller.last_page
            and "name=\"text\"" in teller.last_page,
            "failed_login_status": login[0], "failed_login_in_dutch": "kennen we niet" in login[1],
            "reading": statuses([r for r in shared.records if r.kind in ("page", "search", "api")]),
            "server_errors": server_errors(shared.records),
            "tracebacks_in_log": log.count("Traceback"), "errors_logged": errors_logged(log),
            "database": check_database(env, {reference} if reference else set())}


# -- helpers ---------------------------------------------------------------------------------

def _adviser(server: Server, number: int) -> Client:
    client = Client(server.url, site_facts(server.url), 100 + number)
    _, page, _ = client.request("login-form", "GET", "/beheer/inloggen")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.request("login", "POST", "/beheer/inloggen",
                   {"csrf_token": token, "email": f"a{number}@example.org", "password": PASSWORD})
    return client


def _review_form(page: str) -> dict:
    import html

    form = {name: html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page)}
    title = re.search(r'<input id="title" name="title" value="([^"]*)"', page)
    text = re.search(r'<textarea id="text" name="text">(.*?)</textarea>', page, re.S)
    if title and text:
        form.update(title=html.unescape(title[1]), text=html.unescape(text[1]))
    return form


def _scalars(env: dict, statement: str) -> list:
    """The values a select over Story gives, read in a separate process (``statement`` is Python
    source using ``db``, ``Story``: e.g. ``db.select(Story.id).where(...)``)."""
    import subprocess
    import sys

    code = ("import json; from storybank import create_app; from storybank.extensions import db; from storybank.models import Story\n"
            "app = create_app({'SEARCH_REBUILD_ON_START': False})\n"
            f"with app.app_context(): print(json.dumps(list(db.session.scalars({statement}))))")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _story_ids(env: dict, title: str) -> list[int]:
    """The ids of the stories with this title."""
    return _scalars(env, f"db.select(Story.id).where(Story.title == {title!r})")


def _slugs(env: dict, ids: set[int]) -> set[str]:
    if not ids:
        return set()
    return set(_scalars(env, f"db.select(Story.slug).where(Story.id.in_({sorted(ids)!r}))"))


SCENARIOS = {"kill9": kill9, "index_deleted": index_deleted, "two_publishers": two_publishers, "read_only": read_only}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--port", type=int, default=5410)
    parser.add_argument("--note", default="")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "faults.json"))
    args = parser.parse_args(argv)
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    seconds = 8 if args.quick else args.seconds
    results = {"note": args.note, "seconds": seconds}
    for name in args.scenarios or list(SCENARIOS):
        with tempfile.TemporaryDirectory(prefix=f"storybank-{name}-") as folder:
            os.chmod(folder, 0o755)
            started = time.monotonic()
            try:
                results[name] = SCENARIOS[name](Path(folder), seconds, args.port)
            except Exception as error:  # a scenario that could not run says so, the others still run
                import traceback

                results[name] = {"error": repr(error), "where": traceback.format_exc().splitlines()[-4:]}
            results[name]["took_s"] = round(time.monotonic() - started)
        print(name, json.dumps(results[name], ensure_ascii=False)[:600], flush=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
