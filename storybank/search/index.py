"""The on-disk Whoosh index: schema, documents, safe writing and atomic rebuilds.

Layout inside the instance folder::

    search            symlink to the live index folder
    search-<stamp>/   index folders; a rebuild writes a new one, then swaps the link
    search.lock       held by every writer, in every process, while it writes

The database is the source of truth. Every document carries a ``version``
(the row's last change) so a rebuild can catch up with whatever was committed
while it was building, before it swaps the new index in.
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
from typing import Iterable

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from .analysis import dutch_analyzer, vocabulary_analyzer

log = logging.getLogger(__name__)

WRITER_MEMORY_MB = 256
# Posting blocks of 1,024 instead of Whoosh's 128: the vectorised engine decodes
# whole blocks, and per-block overhead (a pickle and a zlib stream) dominated.
POSTING_BLOCK = 1024


def _writer(ix):
    return ix.writer(limitmb=WRITER_MEMORY_MB, codec=W3Codec(blocklimit=POSTING_BLOCK))
LOCK_TIMEOUT_SECONDS = 120


def make_schema() -> Schema:
    dutch = dutch_analyzer()
    return Schema(
        key=ID(stored=True, unique=True),  # "story:12" or "tip:3"
        version=ID(stored=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=dutch, field_boost=2.0),
        text=TEXT(analyzer=dutch),  # the story or tip, plus the narrator label
        role=ID,
        patterns=KEYWORD(scorable=False),
        audience=ID,
        year=ID,
        date=NUMERIC(sortable=True),
        words=TEXT(analyzer=vocabulary_analyzer(), phrase=False),
    )


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable or being rebuilt."""


class SearchIndex:
    """One index per instance folder, shared by every process that serves it."""

    def __init__(self, instance_path: str | Path):
        self.instance = Path(instance_path)
        self.link = self.instance / "search"
        self.lock_path = self.instance / "search.lock"
        self.rebuilding = False
        self._opened: tuple[str, whoosh_index.Index] | None = None
        self._local = threading.local()

    # -- reading -----------------------------------------------------------------

    def exists(self) -> bool:
        return self.link.exists() and whoosh_index.exists_in(str(self.link))

    def open(self) -> whoosh_index.Index:
        """The live index, reopened when a rebuild has swapped in a new folder."""
        try:
            target = os.path.realpath(self.link)
            if self._opened is None or self._opened[0] != target:
                self._opened = (target, whoosh_index.open_dir(target))
            return self._opened[1]
        except Exception as error:  # a damaged index fails in many ways; all mean "rebuild"
            self._opened = None
            raise IndexUnavailable(str(error)) from error

    def searcher(self):
        """A searcher kept per thread and refreshed when the index changed.

        Opening a searcher reads the table of contents and every segment's
        metadata, which costs more than a typical query: reuse it.
        """
        ix = self.open()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] is ix and cached[1].up_to_date():
            return cached[1]
        if cached is not None:
            cached[1].close()
        # Not Searcher.refresh(): it reuses segment readers whose deletions are stale.
        searcher = ix.searcher()
        self._local.searcher = (ix, searcher)
        return searcher

    def healthy(self) -> bool:
        try:
            with self.open().searcher() as searcher:
                searcher.doc_count()
            return True
        except IndexUnavailable:
            return False

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def _locked(self):
        """An exclusive lock across processes, so no two writers meet."""
        self.instance.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+") as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexUnavailable("another process holds the index lock") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def apply(self, documents: Iterable[dict], removed_keys: Iterable[str]) -> None:
        """Add or replace documents and delete keys in the live index."""
        documents, removed_keys = list(documents), list(removed_keys)
        if not documents and not removed_keys:
            return
        with self._locked():
            with _writer(self.open()) as writer:
                for key in removed_keys:
                    writer.delete_by_term("key", key)
                for document in documents:
                    writer.update_document(**document)

    def rebuild(self, documents: Iterable[dict], current_versions) -> int:
        """Build a new index folder, catch up, then swap it in atomically.

        ``current_versions`` is called under the lock, after the bulk build, and
        returns ``(versions, load)``: the key -> version map of everything that
        should be indexed now, and a function that turns keys into documents.
        """
        self.instance.mkdir(parents=True, exist_ok=True)
        folder = self.instance / f"search-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
        folder.mkdir()
        new_index = whoosh_index.create_in(str(folder), make_schema())
        count = 0
        with _writer(new_index) as writer:
            for document in documents:
                writer.add_document(**document)
                count += 1
        with self._locked():
            versions, load = current_versions()
            with new_index.searcher() as searcher:
                indexed = {fields["key"]: fields["version"] for fields in searcher.all_stored_fields()}
            stale = [key for key in indexed if key not in versions]
            changed = [key for key, version in versions.items() if indexed.get(key) != version]
            if stale or changed:
                with _writer(new_index) as writer:
                    for key in stale:
                        writer.delete_by_term("key", key)
                    for document in load(changed):
                        writer.update_document(**document)
            previous = os.path.realpath(self.link) if self.link.is_symlink() else None
            self._swap_to(folder)
            self._remove_old_folders(keep={folder, Path(previous) if previous else None})
        return len(versions)

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
