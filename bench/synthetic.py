"""Synthetic stories made from our own corpus, for benchmarks at sizes we do not have.

Each synthetic story strings together sentences drawn from the corpus stories,
so vocabulary, sentence length and the spread of words over patterns look
like the real thing. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from storybank.config import PROJECT_ROOT
from storybank.corpus import read_corpus
from storybank.vocabulary import NARRATOR_ROLES

SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class SyntheticStory:
    id: int
    title: str
    text: str
    narrator_role: str
    patterns: tuple[str, ...]
    year: int
    month: int


def generate(count: int, *, seed: int = 20261124, min_words: int = 150, max_words: int = 300):
    corpus = read_corpus(Path(PROJECT_ROOT / "corpus"))
    by_pattern: dict[str, list[str]] = {}
    for story in corpus.stories:
        sentences = [s for s in SENTENCE.split(story.text.replace("\n\n", " ")) if len(s.split()) > 3]
        by_pattern.setdefault(story.patterns[0], []).extend(sentences)
    patterns = sorted(by_pattern)
    roles = sorted(NARRATOR_ROLES)
    rng = random.Random(seed)
    for number in range(1, count + 1):
        primary = rng.choice(patterns)
        chosen = (primary,) if rng.random() < 0.7 else (primary, rng.choice(patterns))
        target = rng.randint(min_words, max_words)
        sentences, words = [], 0
        while words < target:
            # Mostly sentences of the story's own pattern, some from anywhere.
            pool = by_pattern[primary] if rng.random() < 0.75 else by_pattern[rng.choice(patterns)]
            sentence = rng.choice(pool)
            sentences.append(sentence)
            words += len(sentence.split())
        title = " ".join(rng.choice(sentences).split()[:rng.randint(3, 6)]).rstrip(".,?!:;")
        yield SyntheticStory(
            id=number, title=title, text=" ".join(sentences), narrator_role=rng.choice(roles),
            patterns=tuple(dict.fromkeys(chosen)), year=rng.randint(2015, 2026), month=rng.randint(1, 12),
        )
