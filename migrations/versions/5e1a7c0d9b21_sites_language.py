"""Sites: the language their free-text room names are written in (issue 14, item 15)

A room typed by an organiser ("Amphi Becquerel", "Lecture Theatre 1") has one language, the
site's; pages mark it with `lang` where the page speaks the other. Existing sites on Paris time
are French, the others English.

Revision ID: 5e1a7c0d9b21
Revises: 5e4c1d7a9b30
Create Date: 2026-12-07 14:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e1a7c0d9b21'
down_revision = '5e4c1d7a9b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=False,
                                      server_default='en'))
    op.execute("UPDATE sites SET language = 'fr' WHERE timezone = 'Europe/Paris'")


def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('language')
