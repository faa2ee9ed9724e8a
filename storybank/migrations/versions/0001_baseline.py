"""Baseline: the schema when migrations were introduced (databases made earlier are stamped with it).

Revision ID: 0001
Revises: (none)
Created: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('adviser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('pattern',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('place_name', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('map_x', sa.Integer(), nullable=False),
    sa.Column('map_y', sa.Integer(), nullable=False),
    sa.Column('journey_order', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.CheckConstraint("status IN ('active', 'emerging')", name='ck_status_allowed'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('story',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('narrator_label', sa.String(length=200), nullable=False),
    sa.Column('narrator_role', sa.String(length=40), nullable=False),
    sa.Column('narrator_role_other', sa.String(length=120), nullable=True),
    sa.Column('organisation_type', sa.String(length=40), nullable=True),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('teller_places', sa.String(length=400), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('near_duplicate_of_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("source IN ('corpus', 'form', 'import')", name='ck_source_allowed'),
    sa.CheckConstraint("status IN ('submitted', 'published', 'rejected')", name='ck_status_allowed'),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name='ck_month_range'),
    sa.ForeignKeyConstraint(['near_duplicate_of_id'], ['story.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_story_status'), ['status'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adviser_id', sa.Integer(), nullable=True),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['adviser_id'], ['adviser.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)

    op.create_table('story_pattern',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('pattern_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('exemplary', sa.Boolean(), nullable=False),
    sa.CheckConstraint("source IN ('model', 'adviser')", name='ck_source_allowed'),
    sa.ForeignKeyConstraint(['pattern_id'], ['pattern.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('story_id', 'pattern_id')
    )
    op.create_table('tip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pattern_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.CheckConstraint("audience IN ('professionals', 'coordinatoren', 'ketenpartners', 'gemeenten')", name='ck_audience_allowed'),
    sa.ForeignKeyConstraint(['pattern_id'], ['pattern.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pattern_id', 'audience')
    )


def downgrade() -> None:
    op.drop_table('tip')
    op.drop_table('story_pattern')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_status'))
        batch_op.drop_index(batch_op.f('ix_story_content_hash'))

    op.drop_table('story')
    op.drop_table('pattern')
    op.drop_table('adviser')
