"""storybank train, classify and evaluate; suggestions on the review page."""

import json
import time
from pathlib import Path

import pytest

from storybank.cli import cli
from tests.helpers import DATA


@pytest.fixture
def trained(app):
    result = app.test_cli_runner().invoke(cli, ["train"])
    assert result.exit_code == 0, result.output
    return app


def test_train_stores_the_model_in_the_database_and_reports_counts(trained, corpus):
    from storybank.services import model_store, patterns

    with trained.app_context():
        first = model_store.newest(patterns.MODEL_NAME)
        assert first.format_version == patterns.FORMAT_VERSION and len(first.data) < 50 * 2**20
        assert first.library_versions["scikit-learn"] == model_store.library_versions()["scikit-learn"]
        assert first.trained_at is not None and first.meta["counts"]["corpus_stories"] == len(corpus.stories)
    assert not list(Path(trained.instance_path).glob("*.joblib"))  # nothing per server
    result = trained.test_cli_runner().invoke(cli, ["train", "--extra", str(DATA / "k2_sample.txt")])
    assert f"{len(corpus.stories)} corpus stories" in result.output and "3 extra stories" in result.output
    assert "stored in the database" in result.output
    with trained.app_context():
        assert model_store.newest(patterns.MODEL_NAME).id > first.id


def test_another_server_picks_up_a_newly_trained_model_without_a_restart(trained, make_app):
    """Two app objects on one database stand for two servers; the second trains, the first notices."""
    from storybank.services import patterns

    trained.config["MODEL_CHECK_SECONDS"] = 3600
    with trained.app_context():
        before = patterns.load()["meta"]
    other = make_app()
    runner = other.test_cli_runner()
    assert runner.invoke(cli, ["train", "--extra", str(DATA / "k2_sample.txt")]).exit_code == 0
    with trained.app_context():
        assert patterns.load()["meta"] == before  # it looked less than an hour ago: no query yet
    trained.config["MODEL_CHECK_SECONDS"] = 0.1
    time.sleep(0.2)
    with trained.app_context():
        after = patterns.load()["meta"]
    assert after["counts"]["extra_stories"] == 3 and before["counts"]["extra_stories"] == 0


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


def test_review_page_shows_suggestions_with_reasons(trained, adviser_client, deduce, submit_story):
    story_id = submit_story(text="De formulieren en regels van het loket: we wachtten maanden op een beschikking. " * 3)
    html = adviser_client.get(f"/beheer/verhaal/{story_id}").get_data(as_text=True)
    suggestions = html[html.index('id="suggesties"'):html.index('class="admin-form review-form"')]
    assert "<strong>Stroperigheid</strong>" in suggestions.split("</li>")[0]
    assert "Woorden:" in suggestions and "<blockquote>" in suggestions


def test_init_retrains_a_model_stored_by_another_version(initialised_app, runner, monkeypatch):
    """After an upgrade that changes the terms or the model, the old artefact is not used."""
    from storybank.services import patterns

    monkeypatch.setattr(patterns, "FORMAT_VERSION", patterns.FORMAT_VERSION + 1)
    with initialised_app.app_context():
        assert patterns.load() is None and patterns.suggest("Wachten", "Regels en formulieren.") == []
    result = runner.invoke(cli, ["init"])
    assert "pattern model: trained on" in result.output
    with initialised_app.app_context():
        assert patterns.load()["meta"]["format"] == patterns.FORMAT_VERSION
