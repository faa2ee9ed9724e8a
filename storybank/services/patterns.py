"""The pattern model as the app uses it: training data, the stored artefact, suggestions.

Training data: the corpus stories, every place's description and tips, the
lexicons in corpus/lexicons.yaml, and every assignment an adviser confirmed
on a published story (so the model learns from moderation). The trained model
is stored in the database (services/model_store.py), so every server uses the same one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import select

from nlp.model import NO_CLEAR_PATTERN, PatternModel

from ..corpus import read_corpus
from ..exchange.records import Record
from ..extensions import db
from ..lifecycle import published_query
from ..models import Pattern, Story
from . import model_store

MODEL_NAME = "pattern"
# Bump when the terms (nlp/dutch.py) or the model change: a stored model of another version is
# ignored, and the next `storybank init` trains a new one.
FORMAT_VERSION = 2


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    labels: list[list[str]]
    lexicons: dict[str, list[str]]
    counts: dict[str, int]


@dataclass(frozen=True)
class Suggestion:
    slug: str
    name: str
    score: float
    words: list[str]
    sentences: list[str]

    @property
    def unclear(self) -> bool:
        """Shown as "geen duidelijk patroon" on the review page."""
        return self.score < NO_CLEAR_PATTERN


def story_text(title: str, text: str) -> str:
    return f"{title}. {text}"


def training_set(extra: Sequence[Record] = ()) -> TrainingSet:
    corpus = read_corpus(Path(current_app.config["CORPUS_DIR"]))
    texts, labels = [], []
    for story in corpus.stories:
        texts.append(story_text(story.title, story.text))
        labels.append(list(story.patterns))
    confirmed = db.session.scalars(published_query(with_places=True).where(Story.source != "corpus"))
    n_confirmed = 0
    for story in confirmed:
        slugs = [a.pattern.slug for a in story.assignments if a.source == "adviser"]
        if slugs:
            texts.append(story_text(story.title, story.text))
            labels.append(slugs)
            n_confirmed += 1
    for record in extra:
        texts.append(story_text(record.title, record.text))
        labels.append(record.patterns)
    n_stories = len(texts)
    for pattern in corpus.patterns:
        texts.append(f"{pattern.name}. {pattern.summary} {pattern.description}")
        labels.append([pattern.slug])
    for tip in corpus.tips:
        texts.append(tip.text)
        labels.append([tip.pattern])
    lexicon_file = Path(current_app.config["CORPUS_DIR"]) / "lexicons.yaml"
    lexicons = yaml.safe_load(lexicon_file.read_text(encoding="utf-8")) if lexicon_file.exists() else {}
    return TrainingSet(texts, labels, lexicons, {
        "corpus_stories": len(corpus.stories), "confirmed_stories": n_confirmed, "extra_stories": len(extra),
        "stories": n_stories, "descriptions": len(corpus.patterns), "tips": len(corpus.tips),
        "lexicons": len(lexicons),
    })


def fit(data: TrainingSet) -> PatternModel:
    return PatternModel().fit(data.texts, data.labels, lexicons=data.lexicons, calibrate_on=data.counts["stories"])


def train(extra: Sequence[Record] = ()) -> dict:
    """Train on everything we know and store the model in the database; return its metadata."""
    data = training_set(extra)
    model = fit(data)
    meta = {"format": FORMAT_VERSION, "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": data.counts, "classes": model.classes_}
    row = model_store.save(MODEL_NAME, {"model": model, "meta": meta}, format_version=FORMAT_VERSION, meta=meta)
    return {**meta, "artefact_id": row.id, "size": len(row.data)}


def load() -> dict | None:
    """The current model and its metadata ({"model", "meta"}), or None before training.

    Every server sees a model trained anywhere within a few seconds (model_store.load).
    """
    return model_store.load(MODEL_NAME, format_version=FORMAT_VERSION)


def suggest(title: str, text: str, *, limit: int = 3) -> list[Suggestion]:
    bundle = load()
    if bundle is None:
        return []
    model: PatternModel = bundle["model"]
    names = dict(db.session.execute(select(Pattern.slug, Pattern.name)).all())
    full = story_text(title, text)
    suggestions = []
    for slug, score in model.rank(full)[:limit]:
        reasons = model.explain(full, slug)
        suggestions.append(Suggestion(slug, names.get(slug, slug), score, reasons["words"], reasons["sentences"]))
    return suggestions
