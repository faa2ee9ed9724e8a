"""Cost of the near-duplicate check per submission as the bank grows: the band index (MinHash LSH
in the database) against the old way (TF-IDF refitted over every stored story).

A bank of synthetic stories is stored in a throw-away SQLite database, with their bands, then
new synthetic stories and lightly edited copies of stored ones are checked. The edited copies
must be found; the timing is one check, database reads included.

    python -m bench bench_dedupe                          # 1,000 and 10,000 stories
    STORYBANK_BENCH_QUICK=1 python -m bench bench_dedupe  # 1,000 only
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import select

from storybank import create_app
from storybank.anonymity import curated
from storybank.extensions import db
from storybank.models import Story
from storybank.services import duplicates

from .bench_pages import percentile
from .synthetic import generate

CHECKS = 40
EDITED = 10
OLD_CHECKS = {1_000: 5, 10_000: 2}  # the old way takes seconds per check at 10,000


def old_nearest(text: str) -> int | None:
    """The check as it was: fit TF-IDF over every stored story on every submission."""
    candidates = list(db.session.execute(select(Story.id, Story.text).where(Story.status != "rejected")))
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(5, 5), lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([text] + [body for _, body in candidates])
    similarities = (matrix[1:] @ matrix[0].T).toarray().ravel()
    best = max(range(len(candidates)), key=lambda i: similarities[i], default=None)
    return candidates[best][0] if best is not None and similarities[best] >= 0.8 else None


def edit(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 30)):
        words[rng.randrange(len(words))] = rng.choice(["echt", "toen", "soms", "[persoon 2]"])
    return " ".join(words) + " Dat wilde ik nog zeggen."


def store(count: int) -> list[tuple[int, str]]:
    stored = []
    for number, synthetic in enumerate(generate(count), 1):
        story = Story(slug=f"s{number}", title=synthetic.title, narrator_label="Een ouder vertelt",
                      narrator_role="ouder", month=synthetic.month, year=synthetic.year, text=synthetic.text,
                      status="published", source="import")
        db.session.add(story)
        stored.append(story)
        if number % 500 == 0:
            db.session.commit()
    db.session.commit()
    return [(story.id, story.text) for story in stored]


def measure(size: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "bench", "SEARCH_ENABLED": False})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            with curated():  # synthetic rows made of our own corpus sentences, not typed text
                stored = store(size)
            build = time.perf_counter() - started
            rng = random.Random(7)
            new = [s.text for s in generate(CHECKS, seed=99)]
            copies = [(story_id, edit(text, rng)) for story_id, text in rng.sample(stored, EDITED)]
            timings, false_alarms = [], 0
            for text in new:
                began = time.perf_counter()
                false_alarms += duplicates.nearest_duplicate(text) is not None
                timings.append((time.perf_counter() - began) * 1000)
            found = 0
            for story_id, text in copies:
                began = time.perf_counter()
                found += duplicates.nearest_duplicate(text) == story_id
                timings.append((time.perf_counter() - began) * 1000)
            old = []
            for text in new[:OLD_CHECKS.get(size, 2)]:
                began = time.perf_counter()
                old_nearest(text)
                old.append((time.perf_counter() - began) * 1000)
        return {
            "stories": size, "store_with_bands_s": round(build, 1),
            "check_ms": {"p50": round(statistics.median(timings), 1), "p95": round(percentile(timings, 0.95), 1),
                         "max": round(max(timings), 1)},
            "edited_copies_found": f"{found}/{EDITED}", "new_stories_flagged": f"{false_alarms}/{CHECKS}",
            "old_refit_check_ms": round(statistics.median(old), 1),
        }


def run() -> dict:
    sizes = [1_000] if os.environ.get("STORYBANK_BENCH_QUICK") else [1_000, 10_000]
    return {"checks": CHECKS + EDITED, "sizes": [measure(size) for size in sizes]}
