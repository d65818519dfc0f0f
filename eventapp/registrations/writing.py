"""Writing a new registration under the event's lock in as few round trips as can be.

The ORM would flush the registration, its history line (history.py) and its mail's outbox row
(notify.py) in three statements while the lock is held. Here they are written with Core: on
PostgreSQL in one statement (three INSERTs in CTEs), elsewhere an INSERT … RETURNING for the
registration and one INSERT for each of the others. The objects then join the session as if
loaded, so what the request does after (its answer, the mail rendered after the commit) sees
them as written, with no read and no flush.
"""

from __future__ import annotations

import json
from functools import cache

from sqlalchemy import Insert, Select, bindparam, cast, insert, literal, select, true
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.types import Text

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.mail.services import queued_later
from eventapp.registrations.history import search_text
from eventapp.registrations.models import Registration, RegistrationChange

_REG = [c.key for c in Registration.__table__.columns if c.key != "id"]
_OUT = [c.key for c in OutboxMessage.__table__.columns if c.key not in ("id", "render_spec")]
HEAD = '{"registration": '  # how json.dumps begins a spec whose first key is the registration


def write_new(reg: Registration, message: OutboxMessage, spec: dict) -> None:
    """Insert `reg` (new, every column set but its id), its first history line and `message`
    (its outbox row, whose `spec` names the registration first, id unknown yet); both then
    belong to the session, persistent and unchanged."""
    reg.search_text = search_text(reg)
    values = {key: getattr(reg, key) for key in _REG}
    values.update({f"o_{key}": getattr(message, key) for key in _OUT})
    values["at"], values["what"] = reg.updated_at, reg.status
    values["spec_tail"] = tail = _tail(spec)
    conn = db.session.connection()  # Core statements: none of the ORM's execution hooks
    if conn.dialect.name == "postgresql":
        reg.id, message.id = conn.execute(_all_in_one(), values).one()
    else:
        reg.id = conn.execute(_registration(), values).scalar_one()
        values["registration_id"] = reg.id
        conn.execute(_change(), values)
        values["o_render_spec"] = HEAD + str(reg.id) + tail
        message.id = conn.execute(_outbox(), values).scalar_one()
    message.render_spec = HEAD + str(reg.id) + tail
    for row in (reg, message):
        make_transient_to_detached(row)
        db.session.add(row)
    queued_later(message)


def _tail(spec: dict) -> str:
    """The spec's JSON after the registration's id (which `spec` holds as None)."""
    text = json.dumps({**spec, "registration": 0})
    assert text.startswith(HEAD + "0")
    return text[len(HEAD) + 1 :]


@cache
def _registration() -> Insert:
    return (
        insert(Registration)
        .values({key: bindparam(key) for key in _REG})
        .returning(Registration.id)
    )


@cache
def _change() -> Insert:
    return insert(RegistrationChange).values(
        registration_id=bindparam("registration_id"), at=bindparam("at"), what=bindparam("what")
    )


@cache
def _outbox() -> Insert:
    values = {key: bindparam(f"o_{key}") for key in _OUT}
    values["render_spec"] = bindparam("o_render_spec")
    return insert(OutboxMessage).values(values).returning(OutboxMessage.id)


@cache
def _all_in_one() -> Select:
    """PostgreSQL: the three rows in one statement; the spec is completed with the new id."""
    reg = _registration().cte("new_registration")
    change = (
        insert(RegistrationChange)
        .from_select(
            ["registration_id", "at", "what"],
            select(
                reg.c.id,
                bindparam("at", type_=RegistrationChange.at.type),
                bindparam("what", type_=RegistrationChange.what.type),
            ),
        )
        .cte("new_change")
    )
    columns = {key: bindparam(f"o_{key}", type_=OutboxMessage.__table__.c[key].type)
               for key in _OUT}  # fmt: skip
    spec = literal(HEAD, Text) + cast(reg.c.id, Text) + bindparam("spec_tail", type_=Text)
    out = (
        insert(OutboxMessage)
        .from_select([*columns, "render_spec"], select(*columns.values(), spec))
        .returning(OutboxMessage.id)
        .cte("new_message")
    )
    return select(reg.c.id, out.c.id).select_from(reg.join(out, true())).add_cte(change)
