"""Alembic owns the schema: migrating an empty database gives exactly the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eventapp.events.search import is_index_table
from eventapp.extensions import db


def test_migrated_database_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, type_, parents: not is_index_table(name)},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_ids_are_never_reused_after_a_delete(app, make_event):
    last = make_event()
    last_id = last.id
    db.session.delete(last)
    db.session.commit()
    assert make_event().id > last_id
