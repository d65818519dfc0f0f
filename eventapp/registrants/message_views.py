"""Writing to an event's registrants: compose, preview, send once."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from eventapp import dates
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.registrants import messages as service
from eventapp.registrants.message_forms import MessageForm
from eventapp.registrants.views import bp
from eventapp.settings import current_settings
from eventapp.templating import page_lang
from eventapp.workspace.access import editable_event, workspace_required
from eventapp.workspace.convert import show_refusal

STATUS_LABELS = {
    "confirmed": _l("Confirmed people"),
    "waiting": _l("People on the waiting list"),
    "pending": _l("People yet to confirm their address"),
}
TEXTS = ("subject_fr", "body_fr", "subject_en", "body_en")


@bp.route("/messages", methods=["GET", "POST"])
@workspace_required
def messages(event_id: int):
    event = editable_event(event_id)
    form = MessageForm()
    counts = service.counts(event)
    form.to.choices = [(s, f"{STATUS_LABELS[s]} ({counts[s]})") for s in service.RECIPIENTS]
    if request.method == "GET":
        form.to.data = ["confirmed"]
        return _compose(event, form)
    if not form.validate_on_submit():
        return _compose(event, form, 400)
    try:
        message = service.draft(**{name: form[name].data for name in TEXTS}, to=form.to.data)
    except Refused as refused:
        return _compose(event, form, 400, show_refusal(form, refused.fields))
    if "send" in request.form:
        return _send(event, form, message)
    if "preview" in request.form:
        return _preview(event, form, message)
    return _compose(event, form)  # "Edit": back to the message as written


def _compose(event: Event, form: MessageForm, status: int = 200, refusals=()):
    form.fresh_key()
    return render_template(
        "registrants/messages.html", event=event, form=form, refusals=refusals,
        past=_past(event),
    ), status  # fmt: skip


def _preview(event: Event, form: MessageForm, message: service.Draft):
    settings, audience = current_settings(), service.audience(event, message)
    mails = [
        (lang, audience[lang], service.rendered(event, message, lang, settings))
        for lang in message.subjects
    ]
    return render_template(
        "registrants/message_preview.html", event=event, form=form, mails=mails,
        total=sum(audience.values()), hidden=TEXTS,
    )  # fmt: skip


def _send(event: Event, form: MessageForm, message: service.Draft):
    sent = service.send(
        event, message, nonce=form.nonce.data, author=current_user, now=clock.now(),
        settings=current_settings(),
    )  # fmt: skip
    db.session.commit()
    n = sent.message.queued
    if sent.new:
        flash(ngettext("Message queued for %(num)d person.", "Message queued for %(num)d people.",
                       n), "success")  # fmt: skip
    else:
        flash(ngettext(
            "This message was already queued for %(num)d person: it is not sent again.",
            "This message was already queued for %(num)d people: it is not sent again.", n,
        ), "warning")  # fmt: skip
    return redirect(url_for("registrants.messages", event_id=event.id))


def _past(event: Event) -> list[dict]:
    """The event's past messages as the page lists them: dates in the event's zone."""
    lang, tz = page_lang(), event.site.timezone
    return [
        {
            "at": dates.day_time(m.at, tz, lang),
            "who": (m.user.name or m.user.email) if m.user else None,
            "subject": (m.subject_fr if lang == "fr" else m.subject_en)
            or m.subject_fr
            or m.subject_en,
            "queued": m.queued,
        }
        for m in service.past(event)
    ]
