"""Invitations to co-host: an invited organisation's organisers accept or decline them."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.errors import Conflict
from eventapp.events import hosts
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.reference.models import Organisation
from eventapp.workspace.access import workspace_required
from eventapp.workspace.forms import ActionForm
from eventapp.workspace.views import bp


def _answer(event_id: int, organisation_id: int, service, done: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    event = db.get_or_404(Event, event_id)
    organisation = db.get_or_404(Organisation, organisation_id)
    try:
        service(event, organisation, actor=current_user, now=clock.now())
    except Conflict as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return redirect(url_for("workspace.dashboard"))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("workspace.dashboard"))


@bp.post("/invitations/<int:event_id>/<int:organisation_id>/accept")
@workspace_required
def accept_invitation(event_id: int, organisation_id: int):
    return _answer(event_id, organisation_id, hosts.accept, _("You co-host the event now."))


@bp.post("/invitations/<int:event_id>/<int:organisation_id>/decline")
@workspace_required
def decline_invitation(event_id: int, organisation_id: int):
    return _answer(event_id, organisation_id, hosts.decline, _("The invitation is declined."))
