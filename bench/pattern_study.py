"""Where the pattern model's accuracy on the K2 stories comes from, and where it stops.

Not a speed benchmark: a reproducible study behind the accuracy figures in
docs/benchmarks.md. It asks three questions of the labelled K2 site text:

1. Do more of our demo stories help? Train on a random share of the corpus
   stories (always with descriptions, tips and lexicons) and test on K2.
2. Does another model family do better on the same terms? Nearest centroid
   (our PatternModel), complement naive Bayes, a linear SVM and ridge, each
   tested on K2 and by 10-fold cross-validation on our own corpus.
3. How learnable are K2's labels from K2 itself? Leave-one-out over the K2
   stories alone, without and with our lexicons.

Run: ``python -m bench.pattern_study [--labelled FILE]``; writes
``bench/results/pattern_study.json``. Takes under a minute.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import RidgeClassifier
from sklearn.model_selection import KFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from nlp.dutch import processor
from nlp.evaluation import in_class_order, pattern_metrics
from nlp.model import PatternModel, _identity, _with_bigrams, lexicon_documents
from storybank import create_app
from storybank.config import PROJECT_ROOT
from storybank.extensions import db

HERE = Path(__file__).resolve().parent
DEFAULT_LABELLED = PROJECT_ROOT.parent / "shared" / "seeds" / "004_e12fb63d937e6879.txt"
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
REPEATS = 5


class LinearBaseline:
    """A scikit-learn classifier on the same stem and bigram TF-IDF terms as PatternModel,
    trained one row per (text, pattern) so that multi-label stories count for each."""

    def __init__(self, make_classifier, *, lexicon_weight: int = 3):
        self.make_classifier = make_classifier
        self.lexicon_weight = lexicon_weight

    def fit(self, texts, label_sets, *, lexicons=None, calibrate_on=None):
        extra_texts, extra_labels = lexicon_documents(lexicons or {}, self.lexicon_weight)
        texts, label_sets = list(texts) + extra_texts, [list(labels) for labels in label_sets] + extra_labels
        self.classes_ = sorted({slug for labels in label_sets for slug in labels})
        self.vectorizer_ = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        matrix = self.vectorizer_.fit_transform([_with_bigrams(t) for t in processor().terms(texts)])
        rows = [i for i, labels in enumerate(label_sets) for _ in labels]
        targets = [self.classes_.index(slug) for labels in label_sets for slug in labels]
        self.classifier_ = self.make_classifier().fit(matrix[rows], targets)
        return self

    def predict_scores(self, texts):
        matrix = self.vectorizer_.transform([_with_bigrams(t) for t in processor().terms(texts)])
        if hasattr(self.classifier_, "decision_function"):
            return self.classifier_.decision_function(matrix)
        return self.classifier_.predict_log_proba(matrix)


MODELS = {
    "nearest centroid (PatternModel)": PatternModel,
    "complement naive Bayes": lambda: LinearBaseline(lambda: ComplementNB(alpha=1.0)),
    "linear SVM": lambda: LinearBaseline(lambda: LinearSVC(C=1.0)),
    "ridge": lambda: LinearBaseline(lambda: RidgeClassifier(alpha=1.0)),
}


def hits(gold: list[list[str]], scores, classes: list[str]) -> dict:
    report = pattern_metrics(gold, scores, classes, threshold=1.0)  # the threshold only affects macro-F1
    return {"top1": report["top1"], "top3": report["top3"]}


def scores_in_order(model, texts, classes):
    """PatternModel's raw similarities (its calibration curve is fitted on very few texts in the
    smallest learning-curve step), other models' own scores; columns in ``classes`` order."""
    scoring = model.similarities if isinstance(model, PatternModel) else model.predict_scores
    return in_class_order(scoring(texts), model.classes_, classes)


def training_data():
    """The app's own training set (corpus stories first, then descriptions and tips)."""
    from storybank.services import patterns

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "study"})
        with app.app_context():
            db.create_all()
            return patterns.training_set()


def run(labelled: Path) -> dict:
    from storybank.exchange.k2 import read_k2
    from storybank.services.patterns import story_text

    data = training_data()
    n = data.counts["stories"]
    stories, stories_labels = data.texts[:n], data.labels[:n]
    signal, signal_labels = data.texts[n:], data.labels[n:]  # descriptions and tips
    records = [r for r in read_k2(labelled.read_text(encoding="utf-8"))[0] if r.patterns]
    tests = [story_text(r.title, r.text) for r in records]
    gold = [r.patterns for r in records]
    classes = sorted({slug for labels in data.labels for slug in labels})

    def fit(make, texts, labels, stories_in):
        return make().fit(texts, labels, lexicons=data.lexicons, calibrate_on=max(stories_in, 5))

    results = {"k2_stories": len(tests), "corpus_stories": n, "learning_curve": [], "models": {}}

    rng = np.random.default_rng(0)
    for share in SHARES:
        measured = []
        for _ in range(REPEATS if 0 < share < 1 else 1):
            keep = sorted(rng.choice(n, int(round(share * n)), replace=False))
            model = fit(PatternModel, [stories[i] for i in keep] + signal,
                        [stories_labels[i] for i in keep] + signal_labels, len(keep))
            measured.append(hits(gold, scores_in_order(model, tests, classes), classes))
        results["learning_curve"].append({
            "share_of_corpus_stories": share, "stories": int(round(share * n)),
            "top1": round(float(np.mean([m["top1"] for m in measured])), 3),
            "top3": round(float(np.mean([m["top3"] for m in measured])), 3)})

    for name, make in MODELS.items():
        model = fit(make, data.texts, data.labels, n)
        on_k2 = hits(gold, scores_in_order(model, tests, classes), classes)
        fold_scores, fold_gold = [], []
        for train, test in KFold(10, shuffle=True, random_state=0).split(np.arange(n)):
            model = fit(make, [stories[i] for i in train] + signal,
                        [stories_labels[i] for i in train] + signal_labels, len(train))
            fold_scores.append(scores_in_order(model, [stories[i] for i in test], classes))
            fold_gold += [stories_labels[i] for i in test]
        results["models"][name] = {"k2": on_k2, "corpus_10_fold": hits(fold_gold, np.vstack(fold_scores), classes)}

    for with_lexicons in (False, True):
        rows = []
        for i in range(len(tests)):
            others = [j for j in range(len(tests)) if j != i]
            model = PatternModel().fit([tests[j] for j in others], [gold[j] for j in others],
                                       lexicons=data.lexicons if with_lexicons else None)
            rows.append(scores_in_order(model, [tests[i]], classes)[0])
        key = "k2_alone_leave_one_out" + ("_with_lexicons" if with_lexicons else "")
        results[key] = hits(gold, np.vstack(rows), classes)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=DEFAULT_LABELLED, help="the K2 site text")
    args = parser.parse_args()
    if not args.labelled.exists():
        parser.error(f"{args.labelled} not found; pass --labelled with the K2 site text")
    results = run(args.labelled)
    path = HERE / "results" / "pattern_study.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"-> {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
