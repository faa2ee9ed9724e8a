"""Checks shared by the ``storybank`` commands (kept apart from cli.py, which imports the command modules)."""

from __future__ import annotations

import functools
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import inspect

from .extensions import db


def needs_database(command):
    """For commands that need an instance made by `storybank init`: say so, and where we looked,
    instead of creating an empty database (SQLite makes the file on first connect)."""
    @functools.wraps(command)
    def checked(*args, **kwargs):
        url = db.engine.url
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            # a read-only instance opens the file by URI: "file:/path/storybank.sqlite?mode=ro"
            path = url.database.removeprefix("file:") if url.query.get("uri") == "true" else url.database
            missing = not Path(path).exists()
        else:
            missing = False
        if missing or not inspect(db.engine).has_table("story"):
            raise click.ClickException(
                f"no Storybank database in the instance folder {current_app.instance_path} "
                f"({url.render_as_string(hide_password=True)}): run 'storybank init' first, "
                "or set STORYBANK_INSTANCE to the folder that holds it.")
        return command(*args, **kwargs)
    return checked
