"""search index: FTS5 on SQLite, tsvector + GIN with unaccent on PostgreSQL

Revision ID: 5e4c1d7a9b30
Revises: 1e55ff16d52e
Create Date: 2026-12-07 14:00:00.000000

One document per event over its titles, summaries, descriptions, sessions, speakers, topics,
series, hosts and venue (see eventapp/events/search.py, which writes them); filled here for the
events that exist.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "5e4c1d7a9b30"
down_revision = '1e55ff16d52e'
branch_labels = None
depends_on = None

STEMMERS = {"eventapp_simple": "simple", "eventapp_fr": "french_stem", "eventapp_en": "english_stem"}
TEMPLATES = {"eventapp_simple": "simple", "eventapp_fr": "french", "eventapp_en": "english"}


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _postgresql(bind)
    else:
        op.execute(
            "CREATE VIRTUAL TABLE event_search USING fts5("
            "title, body, tokenize=\"unicode61 remove_diacritics 2\")"
        )
    # The documents are made by the code that keeps them current, so that both agree.
    from eventapp.events.search import index_events

    index_events(bind)


def _postgresql(bind):
    # Trusted since PostgreSQL 13: the database's owner may create it. In `public`, so that
    # every schema of the database (the benchmark makes several) finds the same dictionary.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    schema = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'unaccent'"
    ).scalar_one()
    for name, dictionary in STEMMERS.items():
        op.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{TEMPLATES[name]})"
        )
        # Accented words only: an ASCII word has nothing to strip.
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word"
            f" WITH {schema}.unaccent, pg_catalog.{dictionary}"
        )
    op.execute(
        "CREATE TABLE event_search ("
        " event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,"
        " title TSVECTOR NOT NULL,"
        " document TSVECTOR NOT NULL)"
    )
    op.execute("CREATE INDEX ix_event_search_document ON event_search USING gin (document)")
    # The planner prices matching a document far below what it costs (weights mean reading the
    # vector), so a parallel scan of every document looked cheaper than the index: never that.
    op.execute("ALTER TABLE event_search SET (parallel_workers = 0)")


def downgrade():
    op.execute("DROP TABLE event_search")
    if op.get_bind().dialect.name == "postgresql":
        for name in STEMMERS:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION {name}")
