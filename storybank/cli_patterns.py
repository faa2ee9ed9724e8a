"""The pattern-model commands of ``storybank``: train, classify, evaluate, clusters.

Plain click commands: cli.py adds them to its group (this module does not import cli.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from .cli_checks import needs_database


def _read_labelled(path: str):
    """Labelled stories from JSONL (title, text, patterns) or the K2 site text."""
    from .exchange.k2 import read_k2
    from .exchange.records import read_jsonl

    text = Path(path).read_text(encoding="utf-8")
    records, errors = read_jsonl(text) if path.endswith(".jsonl") else read_k2(text)
    for error in errors:
        click.echo(f"skipped {path}:{error}", err=True)
    return [r for r in records if r.patterns]


@click.command("train")
@click.option("--extra", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="More labelled stories (JSONL with title, text, patterns; or K2 text).")
@with_appcontext
@needs_database
def train_command(extra: tuple[str, ...]) -> None:
    """Train the pattern model on the corpus, confirmed assignments and extra files."""
    from .services import patterns

    records = [record for path in extra for record in _read_labelled(path)]
    meta = patterns.train(records)
    counts = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in meta["counts"].items())
    click.echo(f"Pattern model trained on {counts}; stored in the database "
               f"(model_artefact {meta['artefact_id']}, {meta['size'] / 2**20:.1f} MiB), where every server finds it")


@click.command("classify")
@with_appcontext
@needs_database
def classify_command() -> None:
    """Read JSONL stories (title, text) on stdin; write them back with pattern scores."""
    from .services import patterns

    bundle = patterns.load()
    if bundle is None:
        raise click.ClickException("no trained model: run 'storybank train' first")
    model = bundle["model"]
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = patterns.story_text(item.get("title", ""), item["text"])
        except (ValueError, KeyError, TypeError, AttributeError):
            click.echo(f"line {number}: expected a JSON object with 'text'", err=True)
            continue
        item["patterns"] = [{"slug": slug, "score": round(score, 4)} for slug, score in model.rank(text)]
        click.echo(json.dumps(item, ensure_ascii=False))


@click.command("evaluate")
@click.option("--labelled", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Labelled stories to test on (JSONL or K2 text).")
@click.option("--train-extra", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="More labelled stories to train on.")
@click.option("--cv", is_flag=True, help="Leave-one-out over the labelled stories together with the corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with top1, top3, macro_f1, n.")
@with_appcontext
@needs_database
def evaluate_command(labelled: str, extra: tuple[str, ...], cv: bool, as_json: bool) -> None:
    """Measure the pattern model: top-1, top-3, macro-F1, per pattern, confusion."""
    import numpy as np

    from nlp.evaluation import in_class_order, pattern_metrics

    from .services import patterns

    tests = _read_labelled(labelled)
    extras = [record for path in extra for record in _read_labelled(path)]
    if not tests:
        raise click.ClickException(f"{labelled} holds no labelled stories")
    texts = [patterns.story_text(r.title, r.text) for r in tests]
    if cv:
        rows = []
        with click.progressbar(range(len(tests)), label="Leave-one-out", file=sys.stderr) as bar:
            for i in bar:
                model = patterns.fit(patterns.training_set(extras + tests[:i] + tests[i + 1:]))
                classes = sorted(model.classes_)
                rows.append(in_class_order(model.predict_scores([texts[i]]), model.classes_, classes))
        scores = np.vstack(rows)
    else:
        model = patterns.fit(patterns.training_set(extras))
        classes = sorted(model.classes_)
        scores = in_class_order(model.predict_scores(texts), model.classes_, classes)
    report = pattern_metrics([r.patterns for r in tests], scores, classes, threshold=model.threshold)
    if as_json:
        click.echo(json.dumps({key: report[key] for key in ("top1", "top3", "macro_f1", "n")}))
        return
    click.echo(f"n={report['n']}  top-1={report['top1']:.3f}  top-3={report['top3']:.3f}  "
               f"macro-F1={report['macro_f1']:.3f}")
    click.echo(f"{'pattern':24} {'precision':>9} {'recall':>7} {'n':>3}")
    for slug, row in report["per_pattern"].items():
        click.echo(f"{slug:24} {row['precision']:9.3f} {row['recall']:7.3f} {row['support']:3d}")
    click.echo("confusion (rows: first gold pattern, columns: best guess)")
    click.echo(" " * 24 + " ".join(f"{slug[:4]:>4}" for slug in classes))
    for slug in classes:
        click.echo(f"{slug:24}" + " ".join(f"{report['confusion'][slug][other]:4d}" for other in classes))


@click.command("clusters")
@with_appcontext
@needs_database
def clusters_command() -> None:
    """Print emerging clusters: stories no pattern explains, with keywords and titles."""
    from .services import emerging, patterns

    if patterns.load() is None:
        raise click.ClickException("no trained model: run 'storybank train' first")
    found = emerging.clusters()
    if not found:
        click.echo("No emerging clusters: every story is explained by a pattern (or too few are not).")
    for cluster in found:
        click.echo(f"cluster {cluster.number}: {len(cluster.stories)} stories; keywords: {', '.join(cluster.keywords)}")
        for story in cluster.representatives:
            click.echo(f"  - {story.title} ({story.narrator_label}, {story.told})")


COMMANDS = (train_command, classify_command, evaluate_command, clusters_command)
