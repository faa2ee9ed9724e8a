"""Measure the anonymiser against sentences where people marked every identifier.

Labelled sentences mark each direct identifier inline as ``[[kind|text]]``.
An identifier is *found* when replacements cover all of it (whatever kind they
were given: a phone number replaced as a number is still gone); a replacement
is *correct* when it overlaps a marked identifier. Recall is reported per
marked kind, precision per replaced kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MARK = re.compile(r"\[\[([\w-]+)\|(.+?)\]\]")


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    gold: tuple[tuple[str, int, int], ...]  # kind, start, end


def read_labelled(path: Path | str) -> list[LabelledSentence]:
    sentences = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, gold, position = [], [], 0
        cursor = 0
        for match in MARK.finditer(line):
            text.append(line[cursor:match.start()])
            position += match.start() - cursor
            gold.append((match[1], position, position + len(match[2])))
            text.append(match[2])
            position += len(match[2])
            cursor = match.end()
        text.append(line[cursor:])
        sentences.append(LabelledSentence("".join(text), tuple(gold)))
    return sentences


def evaluate_anonymiser(sentences: list[LabelledSentence], find_spans, is_replaced) -> dict:
    found: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    replaced: Counter[str] = Counter()
    misses, false_alarms = [], []
    for sentence in sentences:
        predicted = [s for s in find_spans(sentence.text) if is_replaced(s.kind)]
        covered: set[int] = set()
        for span in predicted:
            covered.update(range(span.start, span.end))
        for kind, start, end in sentence.gold:
            marked[kind] += 1
            needed = {i for i in range(start, end) if not sentence.text[i].isspace()}
            if needed <= covered:
                found[kind] += 1
            else:
                misses.append((kind, sentence.text[start:end], sentence.text))
        for span in predicted:
            replaced[span.kind] += 1
            if any(span.start < end and start < span.end for _, start, end in sentence.gold):
                correct[span.kind] += 1
            else:
                false_alarms.append((span.kind, sentence.text[span.start:span.end], sentence.text))
    return {
        "sentences": len(sentences),
        "recall": _ratio(sum(found.values()), sum(marked.values())),
        "precision": _ratio(sum(correct.values()), sum(replaced.values())),
        "recall_per_kind": {k: {"found": found[k], "marked": marked[k], "recall": _ratio(found[k], marked[k])}
                            for k in sorted(marked)},
        "precision_per_kind": {k: {"correct": correct[k], "replaced": replaced[k],
                                   "precision": _ratio(correct[k], replaced[k])} for k in sorted(replaced)},
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0


# -- pattern assignment --------------------------------------------------------------


def in_class_order(scores, model_classes, classes: list[str]):
    """Score columns rearranged from the order a model learned its classes in to ``classes``."""
    import numpy as np

    positions = list(model_classes)
    return np.asarray(scores)[:, [positions.index(slug) for slug in classes]]


def pattern_metrics(gold: list[list[str]], scores, classes: list[str], *, threshold: float) -> dict:
    """Top-1 and top-3 accuracy (a hit is any gold pattern), macro-F1 of the thresholded
    sets (at least the best pattern is always predicted), per-pattern precision and
    recall, and a confusion table of first gold pattern against the model's best."""
    import numpy as np

    scores = np.asarray(scores)
    order = np.argsort(-scores, axis=1)
    top1 = [classes[row[0]] for row in order]
    hits1 = [best in labels for best, labels in zip(top1, gold)]
    hits3 = [any(classes[i] in labels for i in row[:3]) for row, labels in zip(order, gold)]
    predicted = [{classes[i] for i in np.flatnonzero(row >= threshold)} | {best}
                 for row, best in zip(scores, top1)]
    per_pattern, f1s = {}, []
    for slug in classes:
        tp = sum(slug in p and slug in g for p, g in zip(predicted, gold))
        fp = sum(slug in p and slug not in g for p, g in zip(predicted, gold))
        fn = sum(slug not in p and slug in g for p, g in zip(predicted, gold))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if tp + fn:
            f1s.append(f1)
        per_pattern[slug] = {"precision": round(precision, 3), "recall": round(recall, 3), "support": tp + fn}
    confusion = {slug: dict.fromkeys(classes, 0) for slug in classes}
    for labels, best in zip(gold, top1):
        confusion[labels[0]][best] += 1
    return {
        "n": len(gold),
        "top1": round(sum(hits1) / len(gold), 3) if gold else 0.0,
        "top3": round(sum(hits3) / len(gold), 3) if gold else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 3) if f1s else 0.0,
        "per_pattern": per_pattern,
        "confusion": confusion,
    }
