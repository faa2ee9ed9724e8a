"""Load what the site needs before it accepts traffic, then keep the garbage collector off it.

deduce takes seconds and about a gigabyte to load. Loaded lazily on the first
preview, it kept that request (and every preview behind it) waiting, and with
all worker threads waiting even the map stalled. So a server loads deduce, the
pattern model and the search index first, and binds its port only then.

deduce leaves about 4.5 million objects that live as long as the process.
Python's cyclic garbage collector walked all of them on every full collection,
6-12 s during which no request moved. ``gc.freeze()`` moves everything alive at
the end of the warm-up into a permanent generation that collections skip; under
gunicorn the warm-up runs before the workers are forked, so the frozen objects
also stay shared between workers instead of being copied by the collector.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

log = logging.getLogger("storybank.serve")
SAMPLE = "Mijn collega Joost belde op 06-12345678 over de wachtlijst in de gemeente."
# A collection that takes longer than this is logged: it held up every request in the process.
SLOW_COLLECTION_SECONDS = 0.5


def warm_up(app) -> dict:
    """Load deduce, the pattern model and the search index; freeze them for the collector."""
    from nlp.anonymise import anonymise

    from . import search
    from .services import patterns

    started = time.perf_counter()
    anonymise(SAMPLE)  # loads deduce and compiles its patterns
    with app.app_context():
        if patterns.load() is not None:
            patterns.suggest("Wachtlijst", SAMPLE)  # loads the Dutch pipeline the model uses
        backend = search.get_backend()
        if backend is not None and not backend.rebuilding:
            backend.healthy()  # opens the index
    gc.collect()
    gc.freeze()
    watch_collections()
    report = {"seconds": round(time.perf_counter() - started, 1), "frozen_objects": gc.get_freeze_count()}
    log.info("loaded deduce, the pattern model and the search index in %.1f s; %d long-lived objects "
             "frozen for the garbage collector", report["seconds"], report["frozen_objects"])
    return report


_watch_lock = threading.Lock()
_collection_started: dict[int, tuple[float, float]] = {}
slowest_collection = 0.0


def _time_collection(phase: str, info: dict) -> None:
    """Times each collection in wall-clock and in CPU time of the collecting thread.

    While the collector walks objects it holds the GIL and nothing else in the process
    runs; finalizers it calls may wait (closing a file or a connection) and let other
    threads run meanwhile. So the CPU time is the part that stalled every request.
    """
    global slowest_collection
    thread = threading.get_ident()
    if phase == "start":
        _collection_started[thread] = (time.perf_counter(), time.thread_time())
        return
    began = _collection_started.pop(thread, None)
    if began is None:
        return
    seconds = time.perf_counter() - began[0]
    cpu_seconds = time.thread_time() - began[1]
    if seconds > slowest_collection:
        with _watch_lock:
            slowest_collection = max(slowest_collection, seconds)
    if seconds > SLOW_COLLECTION_SECONDS:
        log.warning("garbage collection (generation %d) paused this process for %.2f s "
                    "(%.2f s of CPU, %d objects collected, %d long-lived not frozen)",
                    info.get("generation", -1), seconds, cpu_seconds, info.get("collected", -1),
                    len(gc.get_objects(generation=2)))


def watch_collections() -> None:
    """Log every collection slow enough for a visitor to notice (once per process)."""
    if _time_collection not in gc.callbacks:
        gc.callbacks.append(_time_collection)
