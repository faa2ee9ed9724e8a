"""The on-disk Whoosh index: schema, safe reading and writing, atomic rebuilds.

Layout inside the instance folder::

    search               symlink to the live index folder
    search-<stamp>/      finished index folders: the live one and the one it replaced
    search-build-<...>/  a rebuild in progress (renamed to search-<stamp> when done)
    search.lock          held by every writer, in every process, while it writes
    search.build.lock    held by the one process that is rebuilding

The database is the source of truth. Every document carries a ``version`` (the
row's last change) so that a rebuild can catch up with whatever was committed
while it was building, and so that ``check`` can tell what is stale.

Several processes share the folder. Whoosh lists the folder and then opens the
newest table of contents; another process may replace that file in between,
which surfaces as ``FileNotFoundError``. Reads are simply tried again
(``_settled``); anything else unreadable becomes ``IndexUnavailable``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from .analysis import DutchText, derivation_of, dutch_analyzer, folds_with_dutch_fold, vocabulary_analyzer
from .base import CheckReport, IndexUnavailable

log = logging.getLogger(__name__)

WRITER_MEMORY_MB = 256
# Posting blocks of 1,024 instead of Whoosh's 128: the vectorised engine decodes
# whole blocks, and per-block overhead (a pickle and a zlib stream) dominated.
POSTING_BLOCK = 1024
LOCK_TIMEOUT_SECONDS = 120
SETTLE_TRIES = 8
BUILD_PREFIX = "search-build-"


def _writer(ix):
    return ix.writer(limitmb=WRITER_MEMORY_MB, codec=W3Codec(blocklimit=POSTING_BLOCK))


def _settled(action):
    """Run a read again when another process replaced the file it was about to open."""
    for attempt in range(SETTLE_TRIES):
        try:
            return action()
        except FileNotFoundError:
            if attempt == SETTLE_TRIES - 1:
                raise
            time.sleep(0.005 * (attempt + 1))


def make_schema(derivation: bool = True) -> Schema:
    dutch = dutch_analyzer(derivation)
    return Schema(
        key=ID(stored=True, unique=True),  # "story:12" or "tip:3"
        version=ID(stored=True),
        kind=ID(stored=True),
        title=DutchText(analyzer=dutch, field_boost=2.0),
        text=DutchText(analyzer=dutch),  # the story or tip, plus the narrator label
        role=ID,
        patterns=KEYWORD(scorable=False),
        audience=ID,
        year=ID,
        date=NUMERIC(sortable=True),
        words=TEXT(analyzer=vocabulary_analyzer(), phrase=False),
    )


@contextmanager
def _flock(path: Path, *, timeout: float | None):
    """An exclusive lock on a file across processes; ``timeout=0`` tries once."""
    with open(path, "a+") as handle:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise IndexUnavailable(f"another process holds {path.name}") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class SearchIndex:
    """One index per instance folder, shared by every process that serves it."""

    def __init__(self, instance_path: str | Path, *, derivation: bool = True):
        self.instance = Path(instance_path)
        self.derivation = derivation  # for indexes this object builds
        self.link = self.instance / "search"
        self.lock_path = self.instance / "search.lock"
        self.build_lock_path = self.instance / "search.build.lock"
        self._opened: tuple[str, whoosh_index.Index] | None = None
        self._local = threading.local()

    # -- reading -----------------------------------------------------------------

    def present(self) -> bool:
        """Whether there is an index folder at all (readable or not)."""
        return self.link.is_dir()

    def exists(self) -> bool:
        """Whether a readable index is in place. Never raises."""
        try:
            return self.present() and _settled(lambda: whoosh_index.exists_in(str(self.link)))
        except Exception:  # a damaged index fails in many ways; all mean "not usable"
            return False

    def open(self) -> whoosh_index.Index:
        """The live index, reopened when a rebuild has swapped in a new folder."""
        target = os.path.realpath(self.link)
        if not os.path.isdir(target):
            self._opened = None
            raise IndexUnavailable(f"no search index at {self.link}")
        opened = self._opened
        if opened is not None and opened[0] == target:
            return opened[1]
        try:
            ix = _settled(lambda: whoosh_index.open_dir(target))
        except Exception as error:  # a damaged index fails in many ways; all mean "rebuild"
            self._opened = None
            raise IndexUnavailable(f"search index at {target} is unreadable: {error!r}") from error
        self._opened = (target, ix)
        return ix

    def searcher(self):
        """A searcher kept per thread, replaced when the index changed or failed.

        Opening a searcher reads the table of contents and every segment's
        metadata, which costs more than a typical query: reuse it. A searcher
        that was closed (by a ``with`` block around it) or cannot tell whether it
        is current is dropped, never kept, so every thread recovers as soon as a
        readable index is back.
        """
        try:
            ix = self.open()
            cached = getattr(self._local, "searcher", None)
            if (cached is not None and cached[0] is ix and not cached[1].is_closed  # a caller may close it
                    and _settled(cached[1].up_to_date)):
                return cached[1]
            self.forget_searcher()
            # Not Searcher.refresh(): it reuses segment readers whose deletions are stale.
            searcher = _settled(ix.searcher)
        except IndexUnavailable:
            self.forget_searcher()
            raise
        except Exception as error:
            self.forget_searcher()
            self._opened = None
            raise IndexUnavailable(f"search index unreadable: {error!r}") from error
        self._local.searcher = (ix, searcher)
        return searcher

    def forget_searcher(self) -> None:
        """Drop this thread's cached searcher (closing it may fail when its files are gone)."""
        cached = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if cached is not None:
            try:
                cached[1].close()
            except Exception:  # its files may be gone; it is dropped either way
                pass

    def healthy(self) -> bool:
        try:
            with _settled(self.open().searcher) as searcher:
                searcher.doc_count()
            return True
        except Exception:
            return False

    def built_with_derivation(self) -> bool | None:
        """Whether the live index was built with Dutch families and compound parts."""
        return derivation_of(self.open().schema["text"].analyzer)

    def folds_as_now(self) -> bool:
        """Whether the live index folds accents as the code does now (``nlp.dutch.fold``).

        Whoosh keeps its analyzers in the index: one built before keeps folding the old way
        for every document and query, however stale its documents are, so it is rebuilt."""
        schema = self.open().schema
        return all(folds_with_dutch_fold(schema[name].analyzer) for name in ("title", "text", "words"))

    def indexed_versions(self) -> dict[str, str]:
        with _settled(self.open().searcher) as searcher:
            return {fields["key"]: fields["version"] for fields in searcher.all_stored_fields()}

    def check(self, versions: dict[str, str]) -> CheckReport:
        return _compare(self.indexed_versions(), versions)

    # -- writing -----------------------------------------------------------------

    def _locked(self):
        """An exclusive lock across processes, so no two writers meet."""
        self.instance.mkdir(parents=True, exist_ok=True)
        return _flock(self.lock_path, timeout=LOCK_TIMEOUT_SECONDS)

    def update(self, keys, load) -> bool:
        """Bring these keys up to date in the live index; False when there is no index.

        ``load(keys)`` reads ``(documents, removed_keys)`` from the database. It is
        called inside the lock: whoever writes last has also read last, so two
        processes changing one story in quick succession cannot leave the
        older version in the index.
        """
        keys = set(keys)
        if not keys:
            return True
        with self._locked():
            if not self.present():
                return False  # nothing to keep current; a rebuild reads the database
            ix = self.open()
            documents, removed = load(keys)
            _write(ix, documents, removed)
        return True

    def apply(self, documents, removed_keys) -> None:
        """Add or replace documents and delete keys (documents already read)."""
        documents, removed_keys = list(documents), list(removed_keys)
        self.update({d["key"] for d in documents} | set(removed_keys), lambda keys: (documents, removed_keys))

    def catch_up(self, versions_now, load) -> CheckReport:
        """Repair the live index where it differs from the database; returns what differed."""
        with self._locked():
            report = _compare(self.indexed_versions(), versions_now())
            if not report.agrees:
                documents, removed = load(set(report.missing) | set(report.stale) | set(report.extra))
                _write(self.open(), documents, removed)
        return report

    def rebuild(self, documents, current_versions, load, *, wait: bool = True) -> int:
        """Build a new index folder, catch up, then swap it in atomically.

        ``current_versions()`` is called under the lock, after the bulk build, and
        returns the key -> version map of everything that should be indexed now;
        ``load(keys)`` turns keys into ``(documents, removed_keys)``. With
        ``wait=False`` a rebuild already running elsewhere makes this one give up
        (IndexUnavailable) instead of building the same thing twice.
        """
        self.instance.mkdir(parents=True, exist_ok=True)
        with _flock(self.build_lock_path, timeout=None if wait else 0):
            self._remove_leftovers()
            stamp = f"{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
            folder = self.instance / f"{BUILD_PREFIX}{stamp}"
            folder.mkdir()
            try:
                new_index = whoosh_index.create_in(str(folder), make_schema(self.derivation))
                with _writer(new_index) as writer:
                    for document in documents:
                        writer.add_document(**document)
                with self._locked():
                    versions = current_versions()
                    with new_index.searcher() as searcher:
                        built = {fields["key"]: fields["version"] for fields in searcher.all_stored_fields()}
                    report = _compare(built, versions)
                    if not report.agrees:
                        documents, removed = load(set(report.missing) | set(report.stale) | set(report.extra))
                        _write(new_index, documents, removed)
                    finished = self.instance / f"search-{stamp}"
                    folder.rename(finished)
                    folder = finished
                    previous = Path(os.path.realpath(self.link)) if self.link.is_symlink() else None
                    self._swap_to(finished)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)  # never leave a half-built folder behind
                raise
            self._remove_old_folders(keep={finished, previous})
        return len(versions)

    def clean_up(self) -> None:
        """Remove folders an interrupted rebuild (even one killed with -9) left behind.

        Only when no rebuild is running anywhere: the build lock is free.
        """
        if not self.instance.is_dir():
            return
        try:
            with _flock(self.build_lock_path, timeout=0):
                self._remove_leftovers()
        except IndexUnavailable:
            pass  # a rebuild is running; it cleans up itself
        except OSError as error:  # a read-only instance folder: nothing to clean, the site still serves
            log.warning("search index: cannot clean up leftovers (%s)", error)

    def _remove_leftovers(self) -> None:
        """Under the build lock: unfinished builds, and finished folders beyond the live one
        and the newest other (a reader in another process may still be using it)."""
        live = Path(os.path.realpath(self.link)) if self.link.is_symlink() else None
        finished = sorted((f for f in self.instance.glob("search-*")
                           if f.is_dir() and not f.name.startswith(BUILD_PREFIX) and f != live),
                          key=lambda f: f.stat().st_mtime, reverse=True)
        for folder in self.instance.glob(f"{BUILD_PREFIX}*"):
            log.warning("removing %s, left behind by an interrupted rebuild", folder.name)
            shutil.rmtree(folder, ignore_errors=True)
        for folder in finished[1:]:
            shutil.rmtree(folder, ignore_errors=True)

    def _swap_to(self, folder: Path) -> None:
        temporary = self.instance / f"search.{os.getpid()}.tmp"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(folder.name)
        if self.link.exists() and not self.link.is_symlink():
            shutil.rmtree(self.link)  # an old plain folder (or junk) in the way
        os.replace(temporary, self.link)
        self._opened = None

    def _remove_old_folders(self, keep: set) -> None:
        """Keep the new folder and the one just replaced (a reader may still use it)."""
        for folder in self.instance.glob("search-*"):
            if folder not in keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _write(ix, documents, removed) -> None:
    if not documents and not removed:
        return
    with _writer(ix) as writer:
        for key in removed:
            writer.delete_by_term("key", key)
        for document in documents:
            writer.update_document(**document)


def _compare(indexed: dict[str, str], versions: dict[str, str]) -> CheckReport:
    return CheckReport(
        missing=sorted(key for key in versions if key not in indexed),
        stale=sorted(key for key, version in versions.items() if key in indexed and indexed[key] != version),
        extra=sorted(key for key in indexed if key not in versions),
        documents=len(versions),
    )
