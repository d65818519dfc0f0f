"""Backups: a consistent copy of the database while the app runs, and the way back.

SQLite: the online backup API copies the file page by page under one read snapshot, so writers
go on and the copy holds every transaction committed before it began (copying the file itself can
miss the write-ahead log or tear a page). PostgreSQL: `pg_dump` in its custom format, restored
with `pg_restore` in one transaction.
"""
