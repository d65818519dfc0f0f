"""With no MAIL_SERVER, the web process writes its committed mail to the log after the request.

So `make run` needs no `send-mail` worker: a developer sees the confirmation link in the
console. With a MAIL_SERVER set nothing here runs, and requests never touch SMTP.
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventapp.extensions import clock, db
from eventapp.mail.delivery import deliver_due
from eventapp.mail.services import QUEUED_FLAG
from eventapp.mail.transports import LogTransport
from eventapp.settings import settings_of

COMMITTED_FLAG = "mail_committed"


def init_app(app: Flask) -> None:
    """Deliver to the log at the end of each request that committed mail (no MAIL_SERVER only)."""
    if app.config.get("MAIL_SERVER"):
        return
    if not event.contains(db.session, "after_commit", _committed):
        event.listen(db.session, "after_commit", _committed)
        event.listen(db.session, "after_rollback", _rolled_back)
    app.after_request(_deliver_to_log)


def _committed(session: Session) -> None:
    if session.info.pop(QUEUED_FLAG, False):
        session.info[COMMITTED_FLAG] = True


def _rolled_back(session: Session) -> None:
    session.info.pop(QUEUED_FLAG, None)


def _deliver_to_log(response: Response) -> Response:
    if db.session.info.pop(COMMITTED_FLAG, False):
        # Its own session: whatever the request's session still holds is not ours to commit.
        with Session(db.engine) as session:
            try:
                deliver_due(
                    now=clock.now(),
                    transport=LogTransport(current_app.logger.getChild("mail")),
                    session=session,
                    sender=settings_of(current_app).mail_sender,
                    settings=settings_of(current_app),
                )
            except Exception:  # the data is committed; `send-mail` can still deliver it
                current_app.logger.exception("could not write queued mail to the log")
    return response
