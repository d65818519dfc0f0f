"""Imported calendars: sources, their topics, and each imported event's source item (issue 13)

Events gain source_id (SET NULL when the source goes), source_uid, source_recurrence_id (''
for a single event: NULLs would be distinct in the unique key) and source_url.

Revision ID: bbcc9cbaca06
Revises: d3a8f61c2b47
Create Date: 2026-12-07 10:58:45.098395

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bbcc9cbaca06'
down_revision = 'd3a8f61c2b47'
branch_labels = None
depends_on = None

AUTOINCREMENT = {'sqlite_autoincrement': True}


def _sqlite_last_id():
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return None
    return bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'events'").scalar()


def _sqlite_keep_last_id(last_id):
    if last_id is not None:
        op.get_bind().exec_driver_sql(
            f"UPDATE sqlite_sequence SET seq = max(seq, {int(last_id)}) WHERE name = 'events'"
        )


def upgrade():
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('publish', sa.Boolean(), nullable=False),
    sa.Column('registration', sa.Boolean(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('content_read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sync_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_sync_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.String(length=20), nullable=True),
    sa.Column('last_http_status', sa.Integer(), nullable=True),
    sa.Column('last_duration_ms', sa.Integer(), nullable=True),
    sa.Column('last_report', sa.JSON(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('fr', 'en')", name=op.f('ck_sources_language')),
    sa.CheckConstraint('interval_minutes > 0', name=op.f('ck_sources_interval')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_sources_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_sources_series_id_series'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_sources_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_next_sync_at'), ['next_sync_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('source_topics',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_topics_source_id_sources'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_source_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('source_id', 'topic_id', name=op.f('pk_source_topics'))
    )
    # SQLite rebuilds the events table for the new constraints: it keeps AUTOINCREMENT, and the
    # highest id ever given, so that the id (and so the feed UID) of a deleted event is never
    # given again.
    last_id = _sqlite_last_id()
    with op.batch_alter_table('events', schema=None, table_kwargs=AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column('source_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_uid', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('source_recurrence_id', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('source_url', sa.String(length=500), nullable=True))
        batch_op.create_unique_constraint('uq_events_source_item', ['source_id', 'source_uid', 'source_recurrence_id'])
        batch_op.create_foreign_key(batch_op.f('fk_events_source_id_sources'), 'sources', ['source_id'], ['id'], ondelete='SET NULL')
    _sqlite_keep_last_id(last_id)



def downgrade():
    last_id = _sqlite_last_id()
    with op.batch_alter_table('events', schema=None, table_kwargs=AUTOINCREMENT) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_source_id_sources'), type_='foreignkey')
        batch_op.drop_constraint('uq_events_source_item', type_='unique')
        batch_op.drop_column('source_url')
        batch_op.drop_column('source_recurrence_id')
        batch_op.drop_column('source_uid')
        batch_op.drop_column('source_id')
    _sqlite_keep_last_id(last_id)

    op.drop_table('source_topics')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_sources_next_sync_at'))

    op.drop_table('sources')
