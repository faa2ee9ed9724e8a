"""Robustness: story versions (optimistic locking), adviser session tokens (logout ends the
session), and the near-duplicate band index (MinHash LSH).

Revision ID: 0005
Revises: 0004
Created: 2026-11-26

Existing advisers get a fresh random session token, so every session made before the upgrade
ends (advisers log in once more). Existing stories get version 1; their near-duplicate bands are
filled in by ``storybank init`` (it needs the text processing in ``nlp``, which a migration
should not import).
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('adviser', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
    adviser = sa.table('adviser', sa.column('id', sa.Integer()), sa.column('session_token', sa.String()))
    connection = op.get_bind()
    for (adviser_id,) in connection.execute(sa.select(adviser.c.id)).all():
        connection.execute(adviser.update().where(adviser.c.id == adviser_id)
                           .values(session_token=secrets.token_hex(16)))
    with op.batch_alter_table('adviser', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)

    op.create_table('dedupe_band',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ondelete='CASCADE',
                            name='fk_dedupe_band_story_id_story'),
    sa.PrimaryKeyConstraint('story_id', 'band', name='pk_dedupe_band')
    )
    with op.batch_alter_table('dedupe_band', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dedupe_band_bucket'), ['bucket'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dedupe_band', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dedupe_band_bucket'))
    op.drop_table('dedupe_band')
    with op.batch_alter_table('adviser', schema=None) as batch_op:
        batch_op.drop_column('session_token')
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_column('version')
