"""Alembic's entry point, run by storybank.schema with the app's own connection.

Storybank never runs the ``alembic`` command line: ``storybank init`` upgrades
the database, and developers add a revision with ``storybank db-revision``.
"""

from alembic import context

from storybank.extensions import db
from storybank.search.pg_schema import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=db.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that for us
    compare_type=True,
    include_object=include_object,  # PostgreSQL's search objects are not in the models
)
with context.begin_transaction():
    context.run_migrations()
