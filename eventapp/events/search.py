"""The search index: one document per event, over every text a reader might type to find it.

A document holds the event's titles, summaries and descriptions (both languages), its sessions'
titles, the names and affiliations of its speakers and its sessions' speakers, its topics, its
series, its accepted host organisations and its venue. It lives in a table of its own that only
this module reads and writes, and that the migrations create, a different one per database:

- SQLite: an FTS5 table `event_search(title, body)` whose rowid is the event's id, with the
  `unicode61 remove_diacritics 2` tokenizer (case and accents aside); 'ß', 'œ' and the like are
  spelt out before the texts are written, as `eventapp.text.fold` spells the query's words.
- PostgreSQL: `event_search(event_id, title, document)`, two tsvectors, each with a GIN index
  (the title's answers the first part of a searched list, see `part`). Each is the text
  through three configurations the migration makes: `eventapp_simple` (unaccent + lower case,
  no stemming: names, prefixes), `eventapp_fr` (unaccent + French stems) and `eventapp_en`
  (unaccent + English stems), so 'éthique' finds 'ethiques' and 'ethics' finds 'ethical'.

Every word of the query must match. The last one is also read as the beginning of a word (for
people still typing) when the whole words find nothing: `queries.list_events` asks with
`prefix=False` first, because a prefix query costs PostgreSQL far more (its GIN estimate for a
partial match is so pessimistic that a common word gets a sequential scan instead of the index);
the user's text never reaches a query parser: it is cut into words here (letters and digits
only), and each word goes in as a quoted string (FTS5) or a quoted lexeme (PostgreSQL). On
PostgreSQL the weights keep the languages apart: a word's French stem is looked for among the
French texts' stems only, its English stem among the English ones'.

The documents are rewritten in the same transaction as any change that alters them (see
`eventapp/events/changes.py`), and by `index_events` in bulk (the migration, the benchmark).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    false,
    func,
    literal,
    literal_column,
    not_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from eventapp.events.models import (
    Event,
    EventSession,
    event_organisations,
    event_speakers,
    event_topics,
    session_speakers,
)
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue
from eventapp.text import fold

TABLE = "event_search"
CONFIGS = {"simple": "eventapp_simple", "fr": "eventapp_fr", "en": "eventapp_en"}
_WORD = re.compile(r"[^\W_]+")
_CHUNK = 500


def is_index_table(name: str | None) -> bool:
    """Whether a table belongs to the search index (FTS5 keeps shadow tables beside its own):
    the migrations own it, not the models, so schema comparisons leave it out."""
    return bool(name) and (name == TABLE or name.startswith(TABLE + "_"))


def words(query: str | None) -> list[str]:
    """The words of a query, folded (case and accents aside), without any punctuation."""
    return _WORD.findall(fold(query))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


# -- Reading ------------------------------------------------------------------------------------


def narrow(stmt: Select, query: str | None, *, prefix: bool = True) -> Select:
    """`stmt` (a SELECT of events) kept to the events whose document has every word of `query`;
    unchanged when there is nothing to search, and empty when the query has no word at all.

    The matches come from the index first, and only they are read from the events table: on
    SQLite a subquery in FROM that the planner may not flatten (LIMIT -1) makes the search
    drive the join, where an `IN` would let it walk the whole (status, end) index instead."""
    if not (query or "").strip():
        return stmt
    found = words(query)
    if not found:
        return stmt.where(false())
    if _dialect() == "postgresql":
        return stmt.join(_PG, _PG.c.event_id == Event.id).where(
            _PG.c.document.bool_op("@@")(_tsquery(found, prefix))
        )
    hits = _fts_ids(_fts_query(found, prefix=prefix)).limit(-1).subquery("hits")
    return stmt.join(hits, hits.c.id == Event.id)


TITLE, BODY, ANY = "title", "body", "any"


def part(stmt: Select, query: str, which: str, *, prefix: bool, walk: bool = False) -> Select:
    """`stmt` (a SELECT of events) kept to one of the two parts of a search's matches: the
    events with every word of `query` in their title (`TITLE`, either language), or the other
    events whose document has them all (`BODY`); or to both (`ANY`). A searched list shows the
    first part, then the second, each in the list's own order: two ordered reads instead of
    ranking every match.

    With `walk`, SQLite looks the matches up while the caller walks the events in their order
    (the matches are many: the first page comes early); without, the matches drive the join
    (they are few, or every one is read anyway, as a count is). PostgreSQL's planner chooses
    for itself, from its statistics: the GIN indexes of both vectors or the events' order."""
    found = words(query)
    if _dialect() == "postgresql":
        in_title = _PG.c.title.bool_op("@@")(_tsquery(found, prefix))
        if which == TITLE:  # a title match is a document match: the title's index suffices
            where = in_title
        elif which == ANY:
            where = _PG.c.document.bool_op("@@")(_tsquery(found, prefix))
        else:
            # The index answers the query without weights exactly, reading no document; the
            # weighted match (a document read from its TOAST table) is left to the few events
            # that pass it and are not title matches.
            where = and_(
                _PG.c.document.bool_op("@@")(_tsquery(found, prefix, weighted=False)),
                not_(in_title),
                _PG.c.document.bool_op("@@")(_tsquery(found, prefix)),
            )
        return stmt.join(_PG, _PG.c.event_id == Event.id).where(where)
    match = _fts_query(found, column="title", prefix=prefix)
    if which == ANY:
        match = _fts_query(found, prefix=prefix)
    elif which == BODY:
        match = f"({_fts_query(found, prefix=prefix)}) NOT ({match})"
    if walk:
        return stmt.where(Event.id.in_(_fts_ids(match)))
    hits = _fts_ids(match).subquery("hits")
    return stmt.select_from(_Driving(hits, Event.__table__, hits.c.id == Event.id))


class _Driving(Join):
    """A join whose left side drives: on SQLite a CROSS JOIN, which its planner never reorders.
    The matches are read from the index one by one and each looks its event up, so a count up
    to a limit stops there (a subquery SQLite would not flatten is read whole first)."""

    inherit_cache = True


@compiles(_Driving, "sqlite")
def _cross_join(join: _Driving, compiler, **kw) -> str:
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)


def _fts_ids(match: str):
    return (
        select(literal_column("rowid", Integer).label("id"))
        .select_from(table(TABLE))
        .where(literal_column(TABLE).op("MATCH")(literal(match)))
    )


def _fts_query(found: list[str], *, column: str | None = None, prefix: bool = True) -> str:
    """An FTS5 expression: each word a quoted string (never an operator), the last one as a
    beginning too with `prefix`."""
    colspec = f"{column} : " if column else ""
    terms = [f'{colspec}"{word}"' for word in found]
    if prefix:
        terms[-1] += "*"
    return " AND ".join(terms)


def _tsquery(found: list[str], prefix: bool, *, weighted: bool = True) -> ColumnElement:
    """Each word through each configuration (any may match), and every word required.

    Without `weighted`, a stem matches in any language: more events, but the GIN index answers
    such a query alone (a weight is not in the index: each candidate's vector must be read)."""
    a, b, c = ("A", ":B", ":C") if weighted else ("", "", "")
    query = None
    for i, word in enumerate(found):
        star = "*" if prefix and i == len(found) - 1 else ""
        label = f":{star}{a}" if star or a else ""
        # A French stem matches French texts only (weight B), an English one English (C):
        # 'talker' stemmed as French is 'talk', which must not find an English 'talk'.
        term = (
            func.to_tsquery(_config("simple"), literal(f"'{word}'{label}"), type_=TSQUERY)
            .op("||")(func.to_tsquery(_config("fr"), literal(f"'{word}'{b}"), type_=TSQUERY))
            .op("||")(func.to_tsquery(_config("en"), literal(f"'{word}'{c}"), type_=TSQUERY))
        )
        query = term if query is None else query.op("&&")(term)
    return query


def _config(name: str) -> ColumnElement:
    return literal(CONFIGS[name], type_=REGCONFIG)


_PG = table(TABLE, column("event_id"), column("title"), column("document"))


# -- Writing ------------------------------------------------------------------------------------


@dataclass
class Texts:
    """What one event's document is made of: texts by language ('' for names), titles apart."""

    titles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    body: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, lang: str, *values: str | None, title: bool = False) -> None:
        target = self.titles if title else self.body
        target[lang].extend(v for v in values if v)

    def joined(self, part: str, lang: str | None = None) -> str:
        source = self.titles if part == "titles" else self.body
        langs = [lang] if lang is not None else list(source)
        return "\n".join(v for code in langs for v in source.get(code, []))


def index_events(conn: Connection, event_ids: Iterable[int] | None = None) -> int:
    """(Re)write the documents of `event_ids` (every event when None), in bulk; events that no
    longer exist lose theirs. Returns how many documents were written."""
    if event_ids is None:
        event_ids = conn.scalars(select(Event.id).order_by(Event.id)).all()
    ids = sorted(set(event_ids))
    written = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        texts = _texts(conn, chunk)
        _write(conn, chunk, texts)
        written += len(texts)
    return written


def _texts(conn: Connection, ids: list[int]) -> dict[int, Texts]:
    """Every searched text of these events, in six queries whatever their number."""
    docs: dict[int, Texts] = {}
    rows = conn.execute(
        select(
            Event.id,
            Event.title_fr,
            Event.title_en,
            Event.summary_fr,
            Event.summary_en,
            Event.description_fr,
            Event.description_en,
            Series.title_fr,
            Series.title_en,
            Venue.name_fr,
            Venue.name_en,
        )  # fmt: skip
        .outerjoin(Series, Series.id == Event.series_id)
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .where(Event.id.in_(ids))
    )
    for row in rows:
        doc = docs[row[0]] = Texts()
        doc.add("fr", row[1], title=True)
        doc.add("en", row[2], title=True)
        for lang, values in (("fr", row[3::2]), ("en", row[4::2])):
            doc.add(lang, *values)
    for event_id, lang, value in _linked(conn, ids):
        if event_id in docs:
            docs[event_id].add(lang, value)
    return docs


def _linked(conn: Connection, ids: list[int]) -> Iterator[tuple[int, str, str | None]]:
    """(event id, language or '' for names, text) of the sessions, topics, hosts and speakers."""
    bilingual = [
        select(EventSession.event_id, EventSession.title_fr, EventSession.title_en).where(
            EventSession.event_id.in_(ids)
        ),
        select(event_topics.c.event_id, Topic.name_fr, Topic.name_en)
        .join(Topic, Topic.id == event_topics.c.topic_id)
        .where(event_topics.c.event_id.in_(ids)),
        select(event_organisations.c.event_id, Organisation.name_fr, Organisation.name_en)
        .join(Organisation, Organisation.id == event_organisations.c.organisation_id)
        .where(
            event_organisations.c.event_id.in_(ids),
            event_organisations.c.accepted_at.is_not(None),  # an invitation shows nothing
        ),
    ]
    for stmt in bilingual:
        for event_id, fr, en in conn.execute(stmt):
            yield event_id, "fr", fr
            yield event_id, "en", en
    people = [
        select(event_speakers.c.event_id, Person.name, Person.affiliation)
        .join(Person, Person.id == event_speakers.c.person_id)
        .where(event_speakers.c.event_id.in_(ids)),
        select(EventSession.event_id, Person.name, Person.affiliation)
        .join(session_speakers, session_speakers.c.event_session_id == EventSession.id)
        .join(Person, Person.id == session_speakers.c.person_id)
        .where(EventSession.event_id.in_(ids)),
    ]
    for stmt in people:
        for event_id, name, affiliation in conn.execute(stmt):
            yield event_id, "", name
            yield event_id, "", affiliation


def _write(conn: Connection, ids: list[int], docs: dict[int, Texts]) -> None:
    if conn.dialect.name == "postgresql":
        _write_postgresql(conn, ids, docs)
    else:
        _write_sqlite(conn, ids, docs)


# The tokenizer lowers case and strips accents itself; the letters that `fold` spells out
# ('ß' as 'ss') it would keep, so they are spelt out here, as the query's words are.
_LETTERS = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
     "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"}
)  # fmt: skip


def _spelt(value: str) -> str:
    return value if value.isascii() else value.translate(_LETTERS)


def _write_sqlite(conn: Connection, ids: list[int], docs: dict[int, Texts]) -> None:
    conn.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), [{"id": i} for i in ids])
    if docs:
        conn.execute(
            text(f"INSERT INTO {TABLE} (rowid, title, body) VALUES (:id, :title, :body)"),
            [
                {
                    "id": i,
                    "title": _spelt(d.joined("titles")),
                    "body": _spelt(d.joined("body")),
                }
                for i, d in docs.items()
            ],
        )


_PG_DELETE = text(f"DELETE FROM {TABLE} WHERE event_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# Weights tell the three apart: A the plain words, B the French stems, C the English ones.
_PG_VECTOR = (
    "setweight(to_tsvector('eventapp_simple', :{p}_all), 'A')"
    " || setweight(to_tsvector('eventapp_fr', :{p}_fr), 'B')"
    " || setweight(to_tsvector('eventapp_en', :{p}_en), 'C')"
)
_PG_UPSERT = text(
    f"INSERT INTO {TABLE} (event_id, title, document) VALUES (:id, "
    f"{_PG_VECTOR.format(p='t')}, {_PG_VECTOR.format(p='d')}) "
    "ON CONFLICT (event_id) DO UPDATE SET title = excluded.title, document = excluded.document"
)


def _write_postgresql(conn: Connection, ids: list[int], docs: dict[int, Texts]) -> None:
    gone = [i for i in ids if i not in docs]
    if gone:
        conn.execute(_PG_DELETE, {"ids": gone})
    if not docs:
        return
    params = []
    for event_id, doc in docs.items():
        row = {"id": event_id}
        # The title vector ranks; the document, titles included, is what is searched.
        for prefix, parts in (("t", ("titles",)), ("d", ("titles", "body"))):
            for lang in ("all", "fr", "en"):
                row[f"{prefix}_{lang}"] = "\n".join(
                    doc.joined(part, None if lang == "all" else lang) for part in parts
                )
        params.append(row)
    conn.execute(_PG_UPSERT, params)


# -- Keeping documents current ----------------------------------------------------------------

# What each kind of object gives a document: a change to anything else leaves documents alone.
SEARCHED = {
    Event: ("title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
            "description_en", "series_id", "series", "venue_id", "venue", "topics",
            "organisations", "speakers"),
    EventSession: ("title_fr", "title_en", "speakers", "event_id", "event"),
    Person: ("name", "affiliation"),
    Topic: ("name_fr", "name_en"),
    Organisation: ("name_fr", "name_en"),
    Venue: ("name_fr", "name_en"),
    Series: ("title_fr", "title_en"),
}  # fmt: skip


def showing(obj: Person | Topic | Organisation | Venue | Series):
    """The ids of the events whose documents hold `obj`'s texts, as a SELECT."""
    if isinstance(obj, Venue):
        return select(Event.id).where(Event.venue_id == obj.id)
    if isinstance(obj, Series):
        return select(Event.id).where(Event.series_id == obj.id)
    if isinstance(obj, Topic):
        return select(event_topics.c.event_id).where(event_topics.c.topic_id == obj.id)
    if isinstance(obj, Organisation):
        link = event_organisations.c
        return select(link.event_id).where(link.organisation_id == obj.id)
    return (
        select(event_speakers.c.event_id)
        .where(event_speakers.c.person_id == obj.id)
        .union(
            select(EventSession.event_id)
            .join(session_speakers, session_speakers.c.event_session_id == EventSession.id)
            .where(session_speakers.c.person_id == obj.id)
        )
    )
