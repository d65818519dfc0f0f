"""Events: a partial index for the API's list, published and cancelled in start order (issue 15)

Revision ID: c7d2e9f14a30
Revises: 5e1a7c0d9b21
Create Date: 2026-12-07 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c7d2e9f14a30'
down_revision = '5e1a7c0d9b21'
branch_labels = None
depends_on = None

VISIBLE = "status IN ('published', 'cancelled')"


def upgrade():
    op.create_index(
        'ix_events_visible_start', 'events', ['start_at', 'id', 'end_at'], unique=False,
        postgresql_where=sa.text(VISIBLE), sqlite_where=sa.text(VISIBLE),
    )


def downgrade():
    op.drop_index('ix_events_visible_start', table_name='events')
