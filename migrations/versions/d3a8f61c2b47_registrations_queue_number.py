"""Registrations: queue_number, the waiting list's order assigned under the places' lock

Revision ID: d3a8f61c2b47
Revises: b7d41c0e9a2f
Create Date: 2026-12-07 10:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a8f61c2b47'
down_revision = 'b7d41c0e9a2f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_number', sa.Integer(), nullable=True))
    # The people already waiting keep the order they had: by the time they joined, then by id.
    op.execute(
        "UPDATE registrations SET queue_number = ("
        " SELECT count(*) FROM registrations AS ahead"
        " WHERE ahead.event_id = registrations.event_id AND ahead.status = 'waiting'"
        " AND (COALESCE(ahead.waiting_since, ahead.created_at)"
        "      < COALESCE(registrations.waiting_since, registrations.created_at)"
        "   OR (COALESCE(ahead.waiting_since, ahead.created_at)"
        "       = COALESCE(registrations.waiting_since, registrations.created_at)"
        "       AND ahead.id <= registrations.id)))"
        " WHERE status = 'waiting'"
    )


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('queue_number')
