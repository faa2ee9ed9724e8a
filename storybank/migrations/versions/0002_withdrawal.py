"""Withdrawal: a hash of the teller's one-time secret, and the status 'withdrawn'.

Revision ID: 0002
Revises: 0001
Created: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

STATUSES_BEFORE = "status IN ('submitted', 'published', 'rejected')"
STATUSES_AFTER = "status IN ('submitted', 'published', 'rejected', 'withdrawn')"


def upgrade() -> None:
    # Batch mode: SQLite changes a check constraint by copying the table.
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawal_hash', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('ck_status_allowed', type_='check')
        batch_op.create_check_constraint('ck_status_allowed', STATUSES_AFTER)


def downgrade() -> None:
    # Withdrawn stories hold no text any more; they cannot go back to another status.
    op.execute("DELETE FROM story_pattern WHERE story_id IN (SELECT id FROM story WHERE status = 'withdrawn')")
    op.execute("UPDATE audit_event SET story_id = NULL WHERE story_id IN (SELECT id FROM story WHERE status = 'withdrawn')")
    op.execute("DELETE FROM story WHERE status = 'withdrawn'")
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_constraint('ck_status_allowed', type_='check')
        batch_op.create_check_constraint('ck_status_allowed', STATUSES_BEFORE)
        batch_op.drop_column('withdrawal_hash')
