"""Outbox: messages rendered after the commit that queued them (render_kind, render_spec) (issue 15)

Revision ID: a4f1c9e3b7d2
Revises: 4b8e2f6a1c93
Create Date: 2026-12-07 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4f1c9e3b7d2'
down_revision = '4b8e2f6a1c93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('render_kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('render_spec', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('render_spec')
        batch_op.drop_column('render_kind')
