"""Search: a GIN index on the title vectors on PostgreSQL, so that a searched list reads its
title matches first without reading every event (issue 14)

Revision ID: 4b8e2f6a1c93
Revises: c7d2e9f14a30
Create Date: 2026-12-07 17:00:00

A searched list is read in two parts, the events with every word in their title and then the
others (see eventapp/events/search.py); the first part asks `title @@ query` alone. SQLite's
FTS5 table already indexes its title column.
"""

from alembic import op


revision = "4b8e2f6a1c93"
down_revision = "c7d2e9f14a30"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_event_search_title ON event_search USING gin (title)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_event_search_title")
