"""Mail decided under a lock and rendered after the commit, from what was committed.

A registration holds its event's lock while it counts and writes; rendering its mail (two
templates and a calendar invitation) would double that time. So the service queues a row that
says what to render (`services.queue_later`: a renderer's name and the facts of that moment as
JSON, the bodies empty), and the row is rendered once, by whichever comes first:
- the worker renders a row as it claims it to send it (delivery.py): by default
  (MAIL_RENDER_AFTER_COMMIT off) this is where every row is rendered, so a request under load
  renders nothing and writes once;
- with MAIL_RENDER_AFTER_COMMIT on, right after the commit, the process that committed renders
  the rows its transaction queued (`init_app`'s after_commit hook, in a session of its own): the
  outbox holds a finished message at once;
- a transaction that reads the outbox, or is about to change what its rows would show, renders
  its own rows first, in the transaction (`render_pending`).
A row is never sent unrendered. A render is claimed: its `UPDATE … WHERE render_kind IS NOT
NULL` runs in the render's own transaction, so when two processes render one row, one writes it
and the other rolls back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.mail.rendering import render_mail
from eventapp.mail.services import LATER_KEY
from eventapp.settings import Settings, settings_of

RENDERING = "mail_rendering"  # in `session.info` while this session renders (no re-entry)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Composed:
    """What a renderer makes of a row: what `queue_mail` would have been given."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None
    ical: str | None = None
    ical_method: str | None = None


# (session, spec, message, settings) -> Composed; may add rows (links) in `session`.
Renderer = Callable[[Session, dict, OutboxMessage, Settings], Composed]
_RENDERERS: dict[str, Renderer] = {}


class Unrenderable(LookupError):
    """A row whose renderer is unknown, or whose subject is gone."""


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of the rows queued with `kind`."""

    def add(renderer: Renderer) -> Renderer:
        _RENDERERS[kind] = renderer
        return renderer

    return add


def render(session: Session, message: OutboxMessage, settings: Settings) -> bool:
    """Render `message` into its row in `session`'s transaction (the caller commits).

    False when the row was rendered meanwhile by someone else: the caller rolls back, since
    what the renderer added (a link) belongs to a message that will not go out.
    """
    renderer = _RENDERERS.get(message.render_kind or "")
    if renderer is None:
        raise Unrenderable(f"outbox message {message.id}: no renderer {message.render_kind!r}")
    made = renderer(session, json.loads(message.render_spec or "{}"), message, settings)
    mail = render_mail(settings.templates, made.template, message.language, made.context,
                       made.subject)  # fmt: skip
    done = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.render_kind.is_not(None))
        .values(
            subject=mail.subject, body_text=mail.text, body_html=mail.html, ical=made.ical,
            ical_method=made.ical_method.upper() if made.ical_method else None,
            render_kind=None, render_spec=None,
        )
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    session.expire(message)  # read again as written
    return done.rowcount == 1


def render_pending(session: Session, settings: Settings) -> int:
    """Render, in the open transaction, the rows it queued and left to render; how many."""
    waiting = session.info.pop(LATER_KEY, [])
    if not waiting:
        return 0
    session.info[RENDERING] = True
    try:
        session.flush()
        done = 0
        for message in waiting:
            if _still_unrendered(session, message):
                done += render(session, message, settings)
        return done
    finally:
        session.info.pop(RENDERING, None)


def _still_unrendered(session: Session, message: OutboxMessage) -> bool:
    state = inspect(message)
    if state.identity is None or state.deleted or state.detached:
        return False
    query = select(OutboxMessage.id).where(
        OutboxMessage.id == state.identity[0], OutboxMessage.render_kind.is_not(None)
    )
    return session.scalar(query) is not None  # gone (deleted in bulk) or rendered: nothing to do


def render_committed(ids: Iterable[int], settings: Settings) -> int:
    """Render committed rows, each in its own transaction of a session of its own; how many.

    A failure is logged and left to the worker, which renders what is left before sending.
    """
    done = 0
    with Session(db.engine) as session:
        for message_id in ids:
            try:
                message = session.get(OutboxMessage, message_id)
                if message is None or message.render_kind is None:
                    session.rollback()
                    continue
                if render(session, message, settings):
                    session.commit()
                    done += 1
                else:
                    session.rollback()
            except Exception:  # the data is committed; the worker renders the row later
                session.rollback()
                log.exception("outbox message %s not rendered after the commit", message_id)
    return done


def init_app(app: Flask) -> None:
    """Render after each commit what it queued to render; render before reading the outbox."""
    if not event.contains(db.session, "after_commit", _committed):
        event.listen(db.session, "after_commit", _committed)
        event.listen(db.session, "after_rollback", _rolled_back)
        event.listen(db.session, "do_orm_execute", _before_reading)


def _committed(session: Session) -> None:
    waiting = session.info.pop(LATER_KEY, None)
    if not waiting or not has_app_context():
        return  # without an app (no templates), the worker renders them
    if not current_app.config.get("MAIL_RENDER_AFTER_COMMIT", False):
        return  # left to the worker, which renders each row as it claims it to send it
    ids = [state.identity[0] for state in map(inspect, waiting) if state.identity is not None]
    render_committed(ids, settings_of(current_app))


def _rolled_back(session: Session) -> None:
    session.info.pop(LATER_KEY, None)


def _before_reading(state: ORMExecuteState) -> None:
    """A transaction that reads the outbox sees its own messages as they will be sent."""
    session = state.session
    if not session.info.get(LATER_KEY) or session.info.get(RENDERING):
        return
    if state.is_select and OutboxMessage.__mapper__ in state.all_mappers and has_app_context():
        render_pending(session, settings_of(current_app))
