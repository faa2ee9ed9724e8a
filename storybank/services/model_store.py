"""Trained models kept in the database, so that every server uses the same one.

``storybank train`` on any machine adds a row to ``model_artefact`` (the joblib file, its
format version, when it was trained and the library versions it was made with) and keeps the
last few. A server keeps the model it loaded and asks the database for the newest row id at
most every ``MODEL_CHECK_SECONDS`` (default 5): one indexed query, so a new model reaches
every server within seconds and without a restart. SQLite works the same way.

A row made with another format version, or with other versions of the libraries the pickle
depends on, is not loaded (unpickling across versions of scikit-learn can fail or, worse,
quietly change results); ``storybank init`` then trains a new one.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import joblib
from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import ModelArtefact, utcnow

# The libraries whose classes are inside the pickle.
LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib")
KEEP = 3  # rows kept per model name: the newest and two before it
EXTENSION = "storybank.model_store"


def library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in LIBRARIES}


@dataclass
class _Loaded:
    row_id: int | None
    format_version: int | None
    value: Any
    checked_at: float


def _cache() -> tuple[dict[str, _Loaded], threading.Lock]:
    """Per app (one app is one server process's view of the database)."""
    return current_app.extensions.setdefault(EXTENSION, ({}, threading.Lock()))


def save(name: str, value: Any, *, format_version: int, meta: dict) -> ModelArtefact:
    """Store a newly trained model and make it the current one."""
    buffer = io.BytesIO()
    joblib.dump(value, buffer, compress=3)
    row = ModelArtefact(name=name, format_version=format_version, trained_at=utcnow(),
                        library_versions=library_versions(), meta=meta, data=buffer.getvalue())
    db.session.add(row)
    db.session.flush()
    older = select(ModelArtefact.id).where(ModelArtefact.name == name).order_by(ModelArtefact.id.desc()).offset(KEEP)
    db.session.execute(delete(ModelArtefact).where(ModelArtefact.id.in_(older.scalar_subquery()))
                       .execution_options(synchronize_session=False))
    db.session.commit()
    cache, lock = _cache()
    with lock:
        cache[name] = _Loaded(row.id, format_version, value, time.monotonic())
    return row


def load(name: str, *, format_version: int) -> Any | None:
    """The newest stored model of this name, or None when there is none this code can use."""
    cache, lock = _cache()
    interval = float(current_app.config["MODEL_CHECK_SECONDS"])
    with lock:
        loaded = cache.get(name)
        now = time.monotonic()
        if loaded is None or now - loaded.checked_at >= interval:
            loaded = cache[name] = _refresh(name, loaded, now)
        if loaded.format_version != format_version:
            return None
        return loaded.value


def _refresh(name: str, loaded: _Loaded | None, now: float) -> _Loaded:
    newest = db.session.execute(
        select(ModelArtefact.id, ModelArtefact.format_version, ModelArtefact.library_versions)
        .where(ModelArtefact.name == name).order_by(ModelArtefact.id.desc()).limit(1)).first()
    if newest is None:
        return _Loaded(None, None, None, now)
    row_id, stored_format, versions = newest.id, newest.format_version, newest.library_versions
    if loaded is not None and loaded.row_id == row_id:
        loaded.checked_at = now
        return loaded
    if versions != library_versions():
        current_app.logger.warning("the stored %s model was made with %s, this server runs %s: not loaded; "
                                   "run 'storybank train' (or 'storybank init')", name, versions,
                                   library_versions())
        return _Loaded(row_id, None, None, now)
    data = db.session.scalar(select(ModelArtefact.data).where(ModelArtefact.id == row_id))
    if data is None:  # only if KEEP newer models were trained between the two queries
        raise LookupError(f"the stored {name} model {row_id} was deleted while it was being loaded")
    return _Loaded(row_id, stored_format, joblib.load(io.BytesIO(data)), now)


def newest(name: str) -> ModelArtefact | None:
    """The newest row itself (for reports and tests)."""
    return db.session.scalar(select(ModelArtefact).where(ModelArtefact.name == name)
                             .order_by(ModelArtefact.id.desc()).limit(1))
