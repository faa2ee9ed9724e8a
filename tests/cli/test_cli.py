"""The storybank command: init and serve."""

import shutil

import pytest

from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Pattern, Story, Tip
from tests.helpers import CORPUS_DIR, add_submission, has_submission


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                     for model in (Pattern, Tip, Story))


def test_init_creates_the_database_and_loads_the_corpus(runner, empty_app, corpus):
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "patterns: 10 created" in result.output
    assert counts(empty_app) == (10, 40, len(corpus.stories))


def test_second_init_changes_nothing_and_says_so(initialised_app, runner):
    before = counts(initialised_app)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0
    assert "Nothing to do: the database, the search index and the pattern model are up to date." in result.output
    assert counts(initialised_app) == before


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


def test_init_refuses_a_broken_corpus_and_keeps_what_was_stored(initialised_app, runner, tmp_path):
    before = counts(initialised_app)
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, folder)
    (folder / "stories" / "kapot.md").write_text("---\ntitle: [\n---\ntekst\n", encoding="utf-8")
    initialised_app.config["CORPUS_DIR"] = str(folder)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 1
    assert "nothing was loaded" in result.output and "corpus/stories/kapot.md:" in result.output
    assert counts(initialised_app) == before


def test_init_reset_asks_before_deleting(initialised_app, runner):
    add_submission(initialised_app)
    before = counts(initialised_app)
    refused = runner.invoke(cli, ["init", "--reset"], input="n\n")
    assert refused.exit_code == 1
    assert counts(initialised_app) == before
    assert has_submission(initialised_app)
    result = runner.invoke(cli, ["init", "--reset", "--yes"])
    assert result.exit_code == 0 and "stories:" in result.output
    assert not has_submission(initialised_app)


def test_serve_uses_waitress_with_host_and_port(initialised_app, runner, monkeypatch):
    calls = []
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: calls.append((app, kwargs)))
    monkeypatch.setattr("storybank.serving.prepare", lambda app: None)  # tests/test_serving.py checks it
    result = runner.invoke(cli, ["serve", "--server", "waitress", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0][0] is initialised_app
    assert calls[0][1]["host"] == "0.0.0.0" and calls[0][1]["port"] == 8123


@pytest.mark.parametrize("command", ["init", "serve"])
def test_every_command_has_a_one_line_help(command):
    assert cli.commands[command].get_short_help_str(limit=200).strip()


@pytest.mark.parametrize("command", [["create-adviser", "a@example.org", "--password", "een lang genoeg wachtwoord"],
                                     ["serve"], ["purge"], ["export"], ["reindex"], ["train"], ["clusters"]])
def test_commands_before_init_say_run_init_and_where_they_looked(make_app, tmp_path, command):
    folder = tmp_path / "elders" / "instance"
    app = make_app(INSTANCE=str(folder), CREATE_INSTANCE=False, SEARCH_REBUILD_ON_START=False)
    result = app.test_cli_runner().invoke(cli, command)
    assert result.exit_code == 1
    assert "run 'storybank init' first" in result.output and str(folder) in result.output
    assert "Traceback" not in result.output and "no such table" not in result.output
    assert not folder.exists()  # no empty instance left behind


def test_create_adviser_in_an_empty_instance_folder_asks_for_init_before_a_password(runner, empty_app):
    result = runner.invoke(cli, ["create-adviser", "a@example.org"], input="")
    assert result.exit_code == 1 and "run 'storybank init' first" in result.output
    assert "Password" not in result.output


def test_init_makes_the_instance_folder_the_commands_then_find(make_app, tmp_path):
    folder = tmp_path / "nieuw" / "instance"
    app = make_app(INSTANCE=str(folder), CREATE_INSTANCE=False, SEARCH_REBUILD_ON_START=False)
    runner = app.test_cli_runner()
    assert runner.invoke(cli, ["init"]).exit_code == 0
    assert folder.is_dir()
    if not app.config["DATABASE_URL"]:  # SQLite: the database lives in the instance folder
        assert (folder / "storybank.sqlite").exists()
    created = runner.invoke(cli, ["create-adviser", "a@example.org", "--password", "een lang genoeg wachtwoord"])
    assert created.exit_code == 0, created.output


def test_serve_says_plainly_when_the_port_is_taken(initialised_app, runner, monkeypatch):
    import socket

    served = []
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: served.append(kwargs))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 1 and served == []
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and f"make run PORT={port + 1}" in result.output
    assert "is open at" not in result.output and "Traceback" not in result.output


def test_make_run_passes_the_port():
    makefile = (CORPUS_DIR.parent / "Makefile").read_text(encoding="utf-8")
    assert "PORT ?= 5000" in makefile and "serve --port $(PORT)" in makefile
