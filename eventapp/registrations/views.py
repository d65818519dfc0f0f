"""Registering from the event page, the links of the mails, and "My events"."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.accounts.forms import ActionForm
from eventapp.events import queries
from eventapp.events.models import Event
from eventapp.events.timetable import timetable_days
from eventapp.extensions import clock, db, limiter
from eventapp.feeds.links import feed_links
from eventapp.feeds.tokens import feed_path, new_feed_token
from eventapp.refusals import status_of
from eventapp.registrations import box, guests, links, mine, services
from eventapp.registrations.addresses import normalised
from eventapp.registrations.forms import GuestForm, RegisterForm, SessionsForm
from eventapp.registrations.models import Registration
from eventapp.registrations.notify import position
from eventapp.settings import current_settings
from eventapp.templating import event_url

bp = Blueprint("registrations", __name__, url_prefix="/<lang>")


def guest_limit() -> str:
    return current_app.config["GUEST_RATE_LIMIT"]


def guest_address_limit() -> str:
    return current_app.config["GUEST_ADDRESS_RATE_LIMIT"]


def posted_address() -> str:
    """The rate-limit key of a guest registration: the address typed, normalised (a+x@ = a@)."""
    return "guest-address:" + normalised(request.form.get("email", ""))


def _event_or_404(event_id: int) -> Event:
    event = queries.get_event(event_id)
    if event is None:
        abort(404)
    return event


def _event_page(event_id: int, status: int, **context):
    """The event page again, its registration box showing a refusal or a form's errors."""
    db.session.rollback()  # nothing half-done stays; the event is read afresh, places included
    event = _event_or_404(event_id)
    page = render_template("events/detail.html", event=event, days=timetable_days(event), **context)
    return page, status


def _registered_message(reg: Registration) -> str:
    if reg.status == "confirmed":
        return _("Your place is confirmed. We have sent you the invitation by e-mail.")
    if reg.status == "waiting":
        return _("The event is full: you are number %(n)d on the waiting list.", n=position(reg))
    return _("Check your inbox to confirm your registration.")


@bp.post("/events/<int:event_id>/register")
@login_required
def register(event_id: int):
    event = _event_or_404(event_id)
    form = RegisterForm().offer(event, box.session_labels(event))
    if not form.validate_on_submit():
        return _event_page(event_id, 400, registration_form=form)
    try:
        reg = services.register(
            event, services.Attendee.of(current_user), now=clock.now(),
            settings=current_settings(), session_ids=form.sessions.data or [],
        )  # fmt: skip
    except services.RegistrationError as err:
        return _event_page(event_id, status_of(err), registration_error=str(err.message))
    db.session.commit()
    flash(_registered_message(reg), "success")
    return redirect(event_url(event) + "#registration")


@bp.post("/events/<int:event_id>/guest")
@limiter.limit(guest_limit)
@limiter.limit(guest_address_limit, key_func=posted_address)
def register_guest(event_id: int):
    event = _event_or_404(event_id)
    form = GuestForm().offer(event, box.session_labels(event))
    if not form.validate_on_submit():
        return _event_page(event_id, 400, registration_form=form)
    who = services.Attendee(
        email=form.email.data, name=form.name.data, language=g.lang,
        affiliation=(form.affiliation.data or "").strip() or None,
    )  # fmt: skip
    hold = timedelta(minutes=current_app.config["GUEST_HOLD_MINUTES"])
    # Full before this guest came: confirming puts them on the waiting list (public news, so
    # the page says it whether or not the address was registered already).
    full = event.is_full
    try:
        guests.register_guest(
            event, who, now=clock.now(), settings=current_settings(),
            session_ids=form.sessions.data or [], hold=hold,
            hold_share=current_app.config["GUEST_HOLD_SHARE"],
        )  # fmt: skip
    except services.RegistrationError as err:
        return _event_page(event_id, status_of(err), registration_error=str(err.message))
    db.session.commit()
    return redirect(url_for("registrations.check_inbox", event_id=event.id, full=full or None))


@bp.get("/events/<int:event_id>/check-inbox")
def check_inbox(event_id: int):
    event = _event_or_404(event_id)
    full = bool(request.args.get("full")) and event.capacity is not None
    return render_template("registrations/check_inbox.html", event=event, full=full)


def from_link(token: str) -> Registration:
    """The registration a mail's link opens; for a link unknown, expired or malformed (or of
    the older signed form), a 404 page that says how to have a new one sent."""
    reg = links.find(token, now=clock.now())
    if reg is None:
        abort(make_response(render_template("registrations/link_invalid.html"), 404))
    return reg


def _manage_page(reg: Registration, token: str, status: int = 200, **context):
    form = context.pop("form", None) or SessionsForm(
        formdata=None, sessions=[c.session_id for c in reg.sessions]
    )
    form.offer(reg.event, box.session_labels(reg.event))
    page = render_template(
        "registrations/manage.html", reg=reg, event=reg.event, token=token,
        position=position(reg), form=form, action=ActionForm(),
        registration_open=box.window(reg.event, clock.now()) == "open", **context,
    )  # fmt: skip
    return page, status


@bp.get("/registrations/<token>")
def manage(token: str):
    return _manage_page(from_link(token), token)


@bp.get("/registrations/<token>/confirm")
def confirm(token: str):
    reg = from_link(token)
    services.confirm_guest(reg, now=clock.now(), settings=current_settings())
    db.session.commit()
    return render_template(
        "registrations/confirmed.html", reg=reg, event=reg.event, token=token,
        position=position(reg),
    )  # fmt: skip


@bp.route("/registrations/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    reg = from_link(token)
    form = ActionForm()
    if reg.status == "cancelled" or not form.validate_on_submit():
        status = 400 if request.method == "POST" and reg.status != "cancelled" else 200
        page = render_template("registrations/cancel.html", reg=reg, token=token, action=form)
        return page, status
    services.cancel(reg, now=clock.now(), settings=current_settings())
    db.session.commit()
    flash(_("Your registration is cancelled. We have sent you a confirmation."), "success")
    return redirect(url_for("registrations.manage", token=token))


@bp.post("/registrations/<token>/sessions")
def change_sessions(token: str):
    reg = from_link(token)
    form = SessionsForm().offer(reg.event, box.session_labels(reg.event))
    if not form.validate_on_submit():
        return _manage_page(reg, token, 400, form=form)
    if reg.status == "cancelled":
        return _manage_page(reg, token, 409, error=_("This registration is cancelled."))
    try:
        services.change_sessions(reg, form.sessions.data or [], now=clock.now())
    except services.RegistrationError as err:
        db.session.rollback()
        return _manage_page(reg, token, status_of(err), form=form, error=str(err.message))
    db.session.commit()
    flash(_("Your sessions are saved."), "success")
    return redirect(url_for("registrations.manage", token=token))


@bp.get("/my/registrations/<int:registration_id>")
@login_required
def manage_mine(registration_id: int):
    """An account's way to its registration's page: a link made on demand (links are kept only
    as their hash, so none can be shown again), for the account's own registrations to come."""
    reg = mine.owned(current_user, registration_id)
    now = clock.now()
    if reg is None or reg.event.end_at <= now:
        abort(404)
    token = links.new_token(reg, now=now)
    db.session.commit()
    return redirect(url_for("registrations.manage", token=token))


def _my_events_page(new_feed=None):
    return render_template(
        "registrations/my_events.html", events=mine.my_events(current_user, now=clock.now()),
        new_feed=new_feed, action=ActionForm(), position=position, now=clock.now(),
    )  # fmt: skip


@bp.get("/my/events")
@login_required
def my_events():
    return _my_events_page()


@bp.post("/my/events/feed")
@login_required
def new_feed():
    if not ActionForm().validate_on_submit():
        abort(400)
    settings = current_settings()
    token = new_feed_token(current_user, secret=settings.secret_key)
    db.session.commit()
    path = feed_path(token, g.lang)
    return _my_events_page(new_feed=feed_links(path, base_url=settings.base_url))
