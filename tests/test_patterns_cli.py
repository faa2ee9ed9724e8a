"""storybank train, classify and evaluate; suggestions on the review page."""

import json
from pathlib import Path

import pytest

from storybank.cli import cli

from .conftest import submit

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def trained(app):
    result = app.test_cli_runner().invoke(cli, ["train"])
    assert result.exit_code == 0, result.output
    return app


def test_train_stores_one_artefact_and_reports_counts(trained, corpus):
    artefact = Path(trained.instance_path, "pattern-model.joblib")
    assert artefact.exists() and artefact.stat().st_size < 50 * 2**20
    result = trained.test_cli_runner().invoke(cli, ["train", "--extra", str(DATA / "k2_sample.txt")])
    assert f"{len(corpus.stories)} corpus stories" in result.output and "3 extra stories" in result.output


def test_classify_adds_every_pattern_best_first(trained):
    lines = '{"title": "Wachten", "text": "Formulieren, regels en wachten op een beschikking."}\nkapot\n'
    result = trained.test_cli_runner().invoke(cli, ["classify"], input=lines)
    first = json.loads(result.output.splitlines()[0])
    scores = [p["score"] for p in first["patterns"]]
    assert len(scores) == 10 and scores == sorted(scores, reverse=True)
    assert first["patterns"][0]["slug"] == "stroperigheid" and first["title"] == "Wachten"
    assert "line 2: expected a JSON object" in result.output


def test_classify_without_a_model_says_what_to_do(app):
    result = app.test_cli_runner().invoke(cli, ["classify"], input="{}\n")
    assert result.exit_code == 1 and "storybank train" in result.output


def test_evaluate_prints_json_and_a_table(app):
    runner = app.test_cli_runner()
    data = json.loads(runner.invoke(cli, ["evaluate", "--labelled", str(DATA / "k2_sample.txt"), "--json"]).output)
    assert set(data) == {"top1", "top3", "macro_f1", "n"} and data["n"] == 3
    table = runner.invoke(cli, ["evaluate", "--labelled", str(DATA / "k2_sample.txt"), "--cv"]).output
    assert "top-1=" in table and "confusion" in table and "stroperigheid" in table


def test_review_page_shows_suggestions_with_reasons(trained, adviser_client, deduce):
    story_id = submit(trained, text="De formulieren en regels van het loket: we wachtten maanden op een beschikking. " * 3)
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    suggestions = html[html.index('id="suggesties"'):html.index('class="admin-form review-form"')]
    assert "<strong>Stroperigheid</strong>" in suggestions.split("</li>")[0]
    assert "Woorden:" in suggestions and "<blockquote>" in suggestions


def test_init_retrains_a_model_stored_by_another_version(runner, empty_app, monkeypatch):
    """After an upgrade that changes the terms or the model, the old artefact is not used."""
    from storybank.services import patterns

    runner.invoke(cli, ["init"])
    monkeypatch.setattr(patterns, "FORMAT_VERSION", patterns.FORMAT_VERSION + 1)
    with empty_app.app_context():
        assert patterns.load() is None and patterns.suggest("Wachten", "Regels en formulieren.") == []
    result = runner.invoke(cli, ["init"])
    assert "pattern model: trained on" in result.output
    with empty_app.app_context():
        assert patterns.load()["meta"]["format"] == patterns.FORMAT_VERSION
