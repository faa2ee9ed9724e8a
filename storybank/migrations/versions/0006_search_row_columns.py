"""PostgreSQL: keep the story columns that search filters and facets read in the row.

``story`` has ``toast_tuple_target = 128`` (0004), and with so low a target PostgreSQL moved
even small values such as ``search_places`` out of the row, so that counting the places of
thousands of matches looked each one up in TOAST. ``SET STORAGE PLAIN`` keeps them in the
row. It applies to rows as they are written: rows stored before keep their layout until they
are next updated (search gives the same results either way, only slower on those rows).

Revision ID: 0006
Revises: 0005
Created: 2026-11-26
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("status", "narrator_role", "search_places")  # pg_schema.ROW_COLUMNS, frozen here


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE story " + ", ".join(f"ALTER COLUMN {c} SET STORAGE PLAIN" for c in COLUMNS))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE story " + ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in COLUMNS))
