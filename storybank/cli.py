"""The ``storybank`` command: set up the instance and serve the site."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo

from .corpus import CorpusError, read_corpus
from .extensions import db

cli = AppGroup("storybank", help="Storybank: collect, mine and publish transformation stories.")


@cli.command("init")
@click.option("--reset", is_flag=True, help="Delete all data first (asks to confirm).")
@click.option("--yes", is_flag=True, help="Do not ask to confirm --reset.")
def init_command(reset: bool, yes: bool) -> None:
    """Create the database and load the curated corpus into it."""
    from .services.content import sync_corpus

    if reset:
        if not yes:
            click.confirm("This deletes every story, including submissions. Continue?", abort=True)
        db.drop_all()
    db.create_all()
    try:
        corpus = read_corpus(Path(current_app.config["CORPUS_DIR"]))
    except CorpusError as error:
        raise click.ClickException(
            f"the corpus has {len(error.problems)} problem(s); nothing was loaded:\n{error}"
        ) from None
    report = sync_corpus(corpus)
    click.echo(report.describe())
    click.echo("Database updated." if report.changed else "Nothing to do: the database is up to date.")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=int, help="Worker threads.")
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the site with the waitress production server."""
    import waitress

    click.echo(f"Storybank is open at http://{host}:{port}/ (Ctrl+C stops it)")
    waitress.serve(current_app._get_current_object(), host=host, port=port, threads=threads)


def init_app(app) -> None:
    """Make the commands available as ``flask --app wsgi <command>`` too."""
    for command in cli.commands.values():
        app.cli.add_command(command)


def main() -> None:
    from . import create_app

    cli(obj=ScriptInfo(create_app=lambda: create_app()))
