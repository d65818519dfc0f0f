"""Outbox: forget the recipient and bodies of a message once sent (erasure confirmations)

Revision ID: a3c1f0e7d2b9
Revises: ede450e89c0f
Create Date: 2026-12-07 02:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c1f0e7d2b9'
down_revision = 'ede450e89c0f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('forget_when_sent', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('forget_when_sent')
