"""The check-in page: the door, on a phone. Find a person, one tap marks them arrived, undo.

Every button is a plain form (CSRF by the app's CSRFProtect) answered by a redirect back to the
list with the search kept; static/js/check-in.js only saves the page loads.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp import bounds, dates
from eventapp.errors import Conflict
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.registrants import door
from eventapp.registrants.checkin import check_in as mark_arrival
from eventapp.registrants.checkin import why_not
from eventapp.registrants.views import bp
from eventapp.registrations.models import Registration
from eventapp.templating import page_lang
from eventapp.workspace.access import editable_event, workspace_required


@bp.get("/check-in")
@workspace_required
def check_in(event_id: int):
    event = editable_event(event_id)
    q = bounds.search_words(request.args.get("q"))
    found = door.door_page(event.id, q, request.args.get("page", 1, type=int))
    return render_template(
        "registrants/check_in.html", event=event, q=q, found=found,
        counts=door.counts(event.id), marked=marked, why_not=why_not,
        registrants_url=registrants_url(event),
    )  # fmt: skip


@bp.post("/check-in/<int:registration_id>")
@workspace_required
def mark(event_id: int, registration_id: int):
    event = editable_event(event_id)
    attended = {"1": True, "0": False}.get(request.form.get("attended", ""))
    if attended is None:
        abort(400)
    now = clock.now()
    try:
        reg = mark_arrival(
            registration_id, event_id=event.id, attended=attended, by=current_user, now=now
        )
    except Conflict as err:
        db.session.rollback()
        flash(str(err.message), "error")
    else:
        db.session.commit()
        flash(_done(reg, event, attended, now), "success")
    back = {"q": request.form.get("q", "")[: bounds.MAX_QUERY] or None}
    page = request.form.get("page", type=int)
    if page and page > 1:
        back["page"] = page
    return redirect(url_for(".check_in", event_id=event.id, **back), 303)


def _done(reg: Registration, event: Event, attended: bool, now: datetime) -> str:
    name = reg.name or reg.email
    if not attended:
        return _("%(name)s is no longer marked arrived.", name=name)
    if reg.attended_at == now and reg.attended_by_id == current_user.id:
        return _("%(name)s is marked arrived.", name=name)
    return _("%(name)s was already marked arrived: %(mark)s.", name=name, mark=marked(reg, event))


def marked(reg: Registration, event: Event) -> str:
    """'Marked at 14:03 by Ana', in the event's zone (the day too when it was another day)."""
    zone, lang, marker = event.site.timezone, page_lang(), reg.attended_by
    who = (marker.name or marker.email) if marker is not None else None  # None: account gone
    today = clock.now().astimezone(event.site.zone).date()
    if reg.attended_at.astimezone(event.site.zone).date() == today:
        time = dates.clock(reg.attended_at, zone, lang)
        if who is None:
            return _("Marked at %(time)s", time=time)
        return _("Marked at %(time)s by %(who)s", time=time, who=who)
    day = dates.day_time(reg.attended_at, zone, lang)
    if who is None:
        return _("Marked on %(day)s", day=day)
    return _("Marked on %(day)s by %(who)s", day=day, who=who)


def registrants_url(event: Event) -> str:
    """The event's list of registrants (its page is the registrants list's, next door)."""
    here = url_for(".check_in", event_id=event.id)
    return here.removesuffix("check-in") + "registrations"
