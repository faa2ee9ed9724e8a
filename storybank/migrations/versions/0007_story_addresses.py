"""Story addresses from reviewed titles: ``story.slug`` is empty until a story is published, and
``story_address`` keeps the addresses a published story had before an adviser retitled it.

Revision ID: 0007
Revises: 0006
Created: 2026-12-08

Until now a story's slug was made from the title the teller first typed, at submission. After
this revision only a published title makes an address (``services/addresses.py``). Existing data:
a story that is published keeps its address (links to it exist); a story that never was (still
waiting or rejected without ever being published) and a withdrawn one lose the slug made from
unreviewed words. Whether a story was ever published is read from the audit log. Corpus stories
keep the slug of their file, which the team wrote and reviewed (``storybank init`` matches by it).
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('story_address',
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ondelete='CASCADE',
                            name='fk_story_address_story_id_story'),
    sa.PrimaryKeyConstraint('slug', name='pk_story_address')
    )
    with op.batch_alter_table('story_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_address_story_id'), ['story_id'], unique=False)
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=120), nullable=True)
    op.execute("UPDATE story SET slug = NULL WHERE source != 'corpus' AND (status = 'withdrawn' OR "
               "(status IN ('submitted', 'rejected') AND id NOT IN (SELECT story_id FROM audit_event WHERE action = 'published' AND story_id IS NOT NULL)))")


def downgrade() -> None:
    op.execute("UPDATE story SET slug = 'verhaal-' || id WHERE slug IS NULL")
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=120), nullable=False)
    with op.batch_alter_table('story_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_address_story_id'))
    op.drop_table('story_address')
