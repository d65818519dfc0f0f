"""Events: source_detached_at, when an organiser detached an imported event from its source
(the sync then leaves it alone, and does not import its item again); sources: item_cache, what
the last feed read gave VEVENT by VEVENT (unchanged ones are not parsed again) (issue 13)

A plain ADD COLUMN (nullable): SQLite does not rebuild the table, so AUTOINCREMENT and the
highest id ever given stay as they are.

Revision ID: 5e1d7a2c9b40
Revises: bbcc9cbaca06
Create Date: 2026-12-07 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1d7a2c9b40'
down_revision = 'bbcc9cbaca06'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('events', sa.Column('source_detached_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('sources', sa.Column('item_cache', sa.JSON(), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a plain column in place too: no rebuild, AUTOINCREMENT kept.
    op.drop_column('sources', 'item_cache')
    op.drop_column('events', 'source_detached_at')
