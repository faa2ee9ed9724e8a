"""The ``storybank`` command: set up the instance and serve the site."""

from __future__ import annotations

import socket
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo

from . import cli_backup, cli_patterns, schema, search
from .cli_checks import needs_database
from .corpus import CorpusError, read_corpus
from .extensions import db

cli = AppGroup("storybank", help="Storybank: collect, mine and publish transformation stories.")


@cli.command("init")
@click.option("--reset", is_flag=True, help="Delete all data first (asks to confirm).")
@click.option("--yes", is_flag=True, help="Do not ask to confirm --reset.")
def init_command(reset: bool, yes: bool) -> None:
    """Create the database and load the curated corpus into it."""
    from .services.content import sync_corpus

    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    if reset:
        if not yes:
            click.confirm("This deletes every story, including submissions. Continue?", abort=True)
        schema.drop_everything()
    upgraded = _schema_step(schema.upgrade)
    if upgraded:
        click.echo(upgraded)
    try:
        corpus = read_corpus(Path(current_app.config["CORPUS_DIR"]))
    except CorpusError as error:
        raise click.ClickException(
            f"the corpus has {len(error.problems)} problem(s); nothing was loaded:\n{error}"
        ) from None
    report = sync_corpus(corpus)
    click.echo(report.describe())
    banded = _fill_near_duplicate_index()
    rebuilt = _build_search_index_if_missing()
    trained = _train_pattern_model_if_needed(report.changed)
    if report.changed or rebuilt or trained or upgraded or banded:
        click.echo("Database updated." if report.changed else "Database unchanged.")
    else:
        click.echo("Nothing to do: the database, the search index and the pattern model are up to date.")


def _schema_step(step):
    """Run a schema step; a database it cannot bring up to date becomes a one-line command error."""
    try:
        return step()
    except schema.SchemaError as error:
        raise click.ClickException(str(error)) from None


def _fill_near_duplicate_index() -> int:
    """Stories stored before the near-duplicate index existed get their bands (once)."""
    from .services import duplicates

    filled = duplicates.fill_missing()
    if filled:
        click.echo(f"near-duplicate index: {filled} stories added")
    return filled


def _train_pattern_model_if_needed(corpus_changed: bool) -> bool:
    from .services import patterns

    if not corpus_changed and patterns.load() is not None:
        return False
    meta = patterns.train()
    click.echo(f"pattern model: trained on {meta['counts']['stories']} stories")
    return True


def _build_search_index_if_missing() -> bool:
    backend = search.get_backend()
    if backend is None or backend.healthy():
        return False
    click.echo(f"search index: {search.reindex()} documents indexed")
    return True


@cli.command("reindex")
@click.option("--check", "check_only", is_flag=True,
              help="Only compare the index with the database: missing, stale and extra documents. "
                   "Exits with 1 when they disagree.")
@needs_database
def reindex_command(check_only: bool) -> None:
    """Rebuild the search index from the database and swap it in atomically."""
    if search.get_backend() is None:
        raise click.ClickException("search is switched off (SEARCH_ENABLED is false)")
    if check_only:
        try:
            report = search.check()
        except search.IndexUnavailable as error:
            raise click.ClickException(f"search index unavailable ({error}); run 'storybank reindex'") from None
        click.echo(report.describe())
        if not report.agrees:
            raise SystemExit(1)
        return
    try:
        count = search.reindex()
    except Exception as error:
        raise click.ClickException(
            f"reindex failed, the index in use was left as it was: {error}") from None
    click.echo(f"search index: {count} documents indexed")


@click.command("anonymise")
@click.option("--jsonl", is_flag=True, help="JSON Lines in and out: every free-text field of each record.")
def anonymise_command(jsonl: bool) -> None:
    """Anonymise text from stdin; print JSON with the new text and its findings."""
    import json
    import sys

    from nlp.anonymise import anonymise
    from nlp.batch import BadLine, anonymise_jsonl

    if not jsonl:
        click.echo(json.dumps(anonymise(sys.stdin.read()).as_dict(), ensure_ascii=False))
        return
    done = skipped = 0
    for result in anonymise_jsonl(sys.stdin):
        if isinstance(result, BadLine):
            skipped += 1
            click.echo(f"skipped {result}", err=True)
        else:
            done += 1
            click.echo(json.dumps(result, ensure_ascii=False))
    click.echo(f"{done} anonymised, {skipped} skipped", err=True)


cli.add_command(anonymise_command)


@click.command("config")
def config_command() -> None:
    """Print every setting with its STORYBANK_ variable, default and meaning (the table of docs/configuration.md)."""
    from .config import markdown_table

    click.echo(markdown_table(), nl=False)


cli.add_command(config_command)


@cli.command("create-adviser")
@click.argument("email")
@click.option("--password", default=None, help="Asked for when not given.")
@needs_database
def create_adviser_command(email: str, password: str | None) -> None:
    """Create an adviser account; the password is stored hashed."""
    from .services.advisers import AdviserError, create_adviser

    if password is None:  # asked here, after the database check, not before it
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")

    try:
        adviser = create_adviser(email, password)
    except AdviserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Adviser {adviser.email} created.")


@cli.command("set-password")
@click.argument("email")
@click.option("--password", default=None, help="Asked for when not given.")
@needs_database
def set_password_command(email: str, password: str | None) -> None:
    """Give an adviser a new password; every open session of that adviser ends."""
    from .services.advisers import AdviserError, set_password

    if password is None:  # asked here, after the database check, not before it
        password = click.prompt("New password", hide_input=True, confirmation_prompt="Repeat the password")
    try:
        adviser = set_password(email, password)
    except AdviserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"New password set for {adviser.email}; every session of this adviser has ended.")


@cli.command("purge")
@click.option("--older-than", "--rejected-older-than", "days", type=click.IntRange(min=0), default=None,
              help="Days; default STORYBANK_RETENTION_DAYS.")
@needs_database
def purge_command(days: int | None) -> None:
    """Delete rejected and withdrawn stories older than the retention period (run it from cron)."""
    from datetime import datetime

    from .services import patterns, retention

    days = current_app.config["RETENTION_DAYS"] if days is None else days
    click.echo(retention.purge(days).describe(days))
    meta = (patterns.load() or {}).get("meta")
    trained_at = datetime.fromisoformat(meta["trained_at"]) if meta else None
    if retention.published_story_withdrawn_since(trained_at):
        # A withdrawn story was public: rebuild what was derived from it, leaving no trace.
        if search.get_backend() is not None:
            click.echo(f"search index: rebuilt without withdrawn stories ({search.reindex()} documents)")
        patterns.train()
        click.echo("pattern model: retrained without withdrawn stories")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "k2"]), default=None,
              help="File format; guessed from the extension when left out.")
@click.option("--publish", is_flag=True, help="Publish at once instead of queueing for review.")
@needs_database
def import_command(file: str, fmt: str | None, publish: bool) -> None:
    """Import stories (anonymised on the way in) into the queue."""
    from .services.importer import import_records, parse

    fmt = fmt or {".jsonl": "jsonl", ".csv": "csv"}.get(Path(file).suffix.lower(), "k2")
    try:
        text = Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file} is not UTF-8 text ({error.reason})") from None
    records, errors = parse(text, fmt)
    with click.progressbar(length=len(records), label="Anonymising and importing", file=None) as bar:
        report = import_records(records, publish=publish, progress=bar.update)
    report.skipped = sorted(errors + report.skipped, key=lambda e: e.line)
    for problem in report.skipped:
        click.echo(f"skipped {file}:{problem}", err=True)
    click.echo(report.describe())


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "qdpx"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout (qdpx needs it).")
@needs_database
def export_command(fmt: str, output: str | None) -> None:
    """Export published stories with their places (JSONL, CSV or QDPX)."""
    from sqlalchemy import select

    from .exchange import export
    from .lifecycle import published_query
    from .models import Pattern, Story

    stories = list(db.session.scalars(published_query().order_by(Story.id)))
    if fmt == "qdpx":
        if not output:
            raise click.ClickException("--format qdpx writes a zip archive: give --output FILE.qdpx")
        patterns = list(db.session.scalars(select(Pattern).order_by(Pattern.journey_order)))
        Path(output).write_bytes(export.to_qdpx(stories, patterns))
    else:
        data = export.to_jsonl(stories) if fmt == "jsonl" else export.to_csv(stories)
        if output:
            Path(output).write_text(data, encoding="utf-8")
        else:
            click.echo(data, nl=False)
    if output:
        click.echo(f"{len(stories)} stories written to {output}", err=True)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--server", type=click.Choice(["gunicorn", "waitress"]), default="gunicorn", show_default=True,
              help="gunicorn: several worker processes; waitress: one process with threads.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="gunicorn worker processes [default: one per core, at least 2].")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Threads per worker [default: 4 with gunicorn, 8 with waitress].")
@needs_database
def serve_command(host: str, port: int, server: str, workers: int | None, threads: int | None) -> None:
    """Serve the site: loads what it needs first, then listens (gunicorn by default)."""
    from . import serving

    _schema_step(schema.require_current)
    _require_free_port(host, port)
    if current_app.config["CONTACT_EMAIL"].endswith(".example"):
        click.echo("warning: set STORYBANK_CONTACT_EMAIL; the privacy page and receipts show a placeholder", err=True)
    serving.serve(current_app._get_current_object(), server=server, host=host, port=port, workers=workers,
                  threads=threads)


def _require_free_port(host: str, port: int) -> None:
    """Say plainly that the port is taken, before anything claims the site is open."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
            probe.bind((host, port))
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({error.strerror or error}); another program (perhaps another "
            f"Storybank) uses it. Choose another port: 'storybank serve --port {port + 1}' "
            f"or 'make run PORT={port + 1}'.") from None


@cli.command("db-revision")
@click.argument("message")
@needs_database
def db_revision_command(message: str) -> None:
    """Write a schema migration for what the models changed (for developers)."""
    _schema_step(schema.require_current)
    path = schema.revision(message)
    click.echo(f"wrote {path}: read it, adjust it, and add a test for any data it moves")


for _command in (*cli_patterns.COMMANDS, *cli_backup.COMMANDS):
    cli.add_command(_command)


def init_app(app) -> None:
    """Make the commands available as ``flask --app storybank <command>`` too."""
    for command in cli.commands.values():
        app.cli.add_command(command)


def main() -> None:
    from . import ConfigError, create_app

    def make_app():
        # `serve` starts any needed index rebuild itself; other commands must not. Nor may they
        # make an instance folder as a side effect: only `init` creates one.
        try:
            return create_app({"SEARCH_REBUILD_ON_START": False, "CREATE_INSTANCE": False})
        except ConfigError as error:
            raise click.ClickException(str(error)) from None

    cli(obj=ScriptInfo(create_app=make_app))

