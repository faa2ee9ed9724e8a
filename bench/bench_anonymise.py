"""Anonymiser quality on our labelled sentences, and its speed on 300-word stories."""

import time
from pathlib import Path

from bench.memory import peak_rss_mib
from bench.synthetic import generate
from nlp.anonymise import anonymise, find_spans, is_replaced, load_deduce
from nlp.evaluation import evaluate_anonymiser, read_labelled

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
STORIES = 300
IDENTIFIERS = ("Mijn collega Joost de Vries belde mevrouw Jansen op 06-12345678 over de Kerkstraat 12. ")


def run() -> dict:
    start = time.perf_counter()
    load_deduce()
    load_seconds = time.perf_counter() - start
    quality = {}
    for name in ("anonymisation", "anonymisation_holdout"):
        report = evaluate_anonymiser(read_labelled(DATA / f"{name}.txt"), find_spans, is_replaced)
        quality[name] = {key: report[key] for key in ("sentences", "recall", "precision",
                                                      "recall_per_kind", "precision_per_kind")}
        quality[name]["misses"] = [f"{kind}: {text}" for kind, text, _ in report["misses"]]
        quality[name]["false_alarms"] = [f"{kind}: {text}" for kind, text, _ in report["false_alarms"]]
    texts = [IDENTIFIERS + s.text for s in generate(STORIES, min_words=280, max_words=300)]
    anonymise(texts[0])
    start = time.perf_counter()
    for text in texts:
        anonymise(text)
    seconds = time.perf_counter() - start
    return {
        "deduce_load_seconds": round(load_seconds, 1),
        "quality": quality,
        "speed": {"stories": STORIES, "words_per_story": 300,
                  "stories_per_second": round(STORIES / seconds, 1)},
        "peak_rss_mib": peak_rss_mib(),
    }
