"""The storybank command: init and serve."""

import shutil

import pytest

from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Pattern, Story, Tip

from .conftest import CORPUS_DIR, add_submission, has_submission


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                     for model in (Pattern, Tip, Story))


def test_init_creates_the_database_and_loads_the_corpus(runner, empty_app, corpus):
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "patterns: 10 created" in result.output
    assert counts(empty_app) == (10, 40, len(corpus.stories))


def test_second_init_changes_nothing_and_says_so(runner, empty_app):
    runner.invoke(cli, ["init"])
    before = counts(empty_app)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0
    assert "Nothing to do: the database, the search index and the pattern model are up to date." in result.output
    assert counts(empty_app) == before


def test_init_updates_an_edited_story_and_removes_a_deleted_one(runner, empty_app, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, folder)
    empty_app.config["CORPUS_DIR"] = str(folder)
    runner.invoke(cli, ["init"])
    first, second = sorted((folder / "stories").glob("*.md"))[:2]
    first.write_text(first.read_text(encoding="utf-8") + "\nEen extra zin.\n", encoding="utf-8")
    second.unlink()
    result = runner.invoke(cli, ["init"])
    assert "stories: 1 updated, 1 removed" in result.output
    with empty_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == first.stem))
        assert story.text.endswith("Een extra zin.")
        assert db.session.scalar(db.select(Story).where(Story.slug == second.stem)) is None


def test_init_refuses_a_broken_corpus_and_keeps_what_was_stored(runner, empty_app, tmp_path):
    runner.invoke(cli, ["init"])
    before = counts(empty_app)
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, folder)
    (folder / "stories" / "kapot.md").write_text("---\ntitle: [\n---\ntekst\n", encoding="utf-8")
    empty_app.config["CORPUS_DIR"] = str(folder)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 1
    assert "nothing was loaded" in result.output and "corpus/stories/kapot.md:" in result.output
    assert counts(empty_app) == before


def test_init_reset_asks_before_deleting(runner, empty_app):
    runner.invoke(cli, ["init"])
    add_submission(empty_app)
    before = counts(empty_app)
    refused = runner.invoke(cli, ["init", "--reset"], input="n\n")
    assert refused.exit_code == 1
    assert counts(empty_app) == before
    assert has_submission(empty_app)
    result = runner.invoke(cli, ["init", "--reset", "--yes"])
    assert result.exit_code == 0 and "stories:" in result.output
    assert not has_submission(empty_app)


def test_serve_uses_waitress_with_host_and_port(runner, empty_app, monkeypatch):
    runner.invoke(cli, ["init"])
    calls = []
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: calls.append((app, kwargs)))
    monkeypatch.setattr("storybank.serving.prepare", lambda app: None)  # tests/test_serving.py checks it
    result = runner.invoke(cli, ["serve", "--server", "waitress", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0][0] is empty_app
    assert calls[0][1]["host"] == "0.0.0.0" and calls[0][1]["port"] == 8123


@pytest.mark.parametrize("command", ["init", "serve"])
def test_every_command_has_a_one_line_help(command):
    assert cli.commands[command].get_short_help_str(limit=200).strip()
