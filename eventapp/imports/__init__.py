"""Imported calendars: sources of iCalendar feeds whose events are kept in sync here.

fetch.py gets a feed's bytes over https, parse.py turns them into plain items (no Flask, no
database), sync.py upserts those items as events through the events services, and runner.py
(the edge: the command and the worker) commits each source's sync on its own.
"""
