"""The ``storybank backup`` and ``storybank restore`` commands (SQLite; PostgreSQL uses pg_dump)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from . import schema, search


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Overwrite FILE if it exists.")
@with_appcontext
def backup_command(file: Path, yes: bool) -> None:
    """Copy the database into FILE; safe while the site is serving."""
    from .services.backup import BackupError, backup

    if file.exists() and not yes:
        raise click.ClickException(f"{file} exists: choose another name, or add --yes to overwrite it")
    try:
        summary = backup(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backup written to {file}: {summary['stories']} stories, schema revision {summary['revision']}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the database by the backup in FILE (checked first); rebuilds the search index."""
    from .services.backup import BackupError, live_database_has_data, restore

    try:
        if live_database_has_data() and not yes:
            raise click.ClickException("this replaces everything in the current database, submissions included: "
                                       "add --yes to go ahead (make a backup of it first)")
        summary = restore(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored {file}: {summary['stories']} stories, schema revision {summary['revision']}")
    if search.get_index() is not None:
        click.echo(f"search index: {search.reindex()} documents indexed")
    if summary["revision"] != schema.head():
        click.echo(f"the backup is at an older schema revision: run 'storybank init' to upgrade it to {schema.head()}")


COMMANDS = (backup_command, restore_command)
