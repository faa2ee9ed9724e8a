"""The default backend: a Whoosh index in the instance folder (see index.py and query.py)."""

from __future__ import annotations

import pickle
import struct
import zlib

from whoosh.index import IndexError as WhooshIndexError

from . import documents
from .base import CheckReport, IndexUnavailable, SearchBackend, SearchOutcome, SearchRequest
from .engine import fast_path_ok
from .index import SearchIndex
from .query import run_search

# What a damaged or vanished index raises while a query reads it: each means "unavailable".
DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, WhooshIndexError)


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, instance_path, *, derivation: bool = True):
        self.derivation = derivation
        self.index = SearchIndex(instance_path, derivation=derivation)
        self.fast_engine = fast_path_ok()  # the start-up self-check of the vectorised engine

    def update(self, keys, bind) -> None:
        self.index.update(keys, lambda wanted: documents.documents_for(bind, wanted, derivation=self.derivation))

    def rebuild(self, bind, *, wait: bool = True) -> int:
        return self.index.rebuild(
            documents.all_documents(bind, derivation=self.derivation), lambda: documents.current_versions(bind),
            lambda keys: documents.documents_for(bind, keys, derivation=self.derivation), wait=wait)

    def search(self, request: SearchRequest, session) -> SearchOutcome:
        try:
            return run_search(self.index, request, lambda keys: documents.rows_for(session, keys),
                              fill=self.derivation)
        except DAMAGE as error:
            self.index.forget_searcher()
            raise IndexUnavailable(f"search index unreadable: {error!r}") from error

    def healthy(self) -> bool:
        """Readable, and built with the Dutch families setting and the accent folding in force
        (else it is rebuilt)."""
        if not self.index.healthy():
            return False
        try:
            return self.index.built_with_derivation() == self.derivation and self.index.folds_as_now()
        except Exception:
            return False

    def present(self) -> bool:
        return self.index.present()

    def check(self, bind) -> CheckReport:
        return self.index.check(documents.current_versions(bind))

    def catch_up(self, bind) -> CheckReport:
        return self.index.catch_up(lambda: documents.current_versions(bind),
                                   lambda keys: documents.documents_for(bind, keys, derivation=self.derivation))

    def clean_up(self) -> None:
        self.index.clean_up()
