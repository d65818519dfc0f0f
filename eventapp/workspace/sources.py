"""Imported calendars in the workspace: organisers manage their organisations' sources, admins
every source; the list shows each one's last sync, and "Sync now" runs one."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from eventapp.accounts.permissions import is_admin
from eventapp.events.errors import EventError
from eventapp.extensions import clock, db
from eventapp.imports import services
from eventapp.imports.owned import detach_event as detach
from eventapp.imports.runner import fetcher_of, sync_and_commit
from eventapp.reference.models import Organisation, Series, Site, Topic
from eventapp.refusals import status_of
from eventapp.settings import current_settings
from eventapp.templating import page_lang
from eventapp.workspace.access import editable_event, workspace_required
from eventapp.workspace.forms import ActionForm, SourceForm
from eventapp.workspace.views import bp


def _label(row, lang: str, field: str = "name") -> str:
    other = "en" if lang == "fr" else "fr"
    return getattr(row, f"{field}_{lang}") or getattr(row, f"{field}_{other}") or row.slug


def _choices(form: SourceForm, lang: str) -> None:
    mine = None if is_admin(current_user) else {o.id for o in current_user.organisations}
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.slug))
    form.organisation.choices = [
        (o.slug, _label(o, lang)) for o in orgs if mine is None or o.id in mine
    ]
    sites = db.session.scalars(select(Site).order_by(Site.slug))
    form.site.choices = [(s.slug, _label(s, lang)) for s in sites]
    series = db.session.scalars(select(Series).order_by(Series.slug))
    form.series.choices = [("", _("None"))] + [(s.slug, _label(s, lang, "title")) for s in series]
    form.language.choices = [("en", _("English")), ("fr", _("French"))]
    topics = db.session.scalars(select(Topic).order_by(Topic.slug))
    form.topics.choices = [(t.slug, _label(t, lang)) for t in topics]


def _values(form: SourceForm) -> dict:
    return {
        "name": form.name.data, "url": form.url.data, "organisation": form.organisation.data,
        "site": form.site.data, "series": form.series.data or None,
        "topics": list(form.topics.data or []), "language": form.language.data,
        "publish": bool(form.publish.data), "registration": bool(form.registration.data),
        "interval_minutes": form.interval_minutes.data,
    }  # fmt: skip


@bp.get("/sources")
@workspace_required
def sources():
    found = services.sources_for(current_user)
    return render_template("workspace/sources.html", sources=found, action=ActionForm())


@bp.route("/sources/new", methods=["GET", "POST"])
@workspace_required
def new_source():
    defaults = services.values_of(None)
    mine = current_user.organisations
    if mine and not is_admin(current_user):
        defaults |= {"organisation": mine[0].slug, "site": mine[0].site.slug}
    return _save(None, defaults)


@bp.route("/sources/<int:source_id>/edit", methods=["GET", "POST"])
@workspace_required
def edit_source(source_id: int):
    source = services.source_for(current_user, source_id)
    return _save(source, services.values_of(source))


def _save(source, defaults: dict):
    form = SourceForm() if request.method == "POST" else SourceForm(data=_data(defaults))
    _choices(form, page_lang())
    if form.validate_on_submit():
        try:
            source = services.save_source(
                source, _values(form), actor=current_user,
                **services.url_rules(current_app.config),
            )  # fmt: skip
        except services.SourceError as refused:
            db.session.rollback()
            for name, message in refused.fields.items():
                form[name].errors = [*form[name].errors, str(message)]
        else:
            db.session.commit()
            flash(_("The source is saved."), "success")
            return redirect(url_for("workspace.sources"))
    status = 400 if form.errors else 200
    return render_template("workspace/source_form.html", form=form, source=source), status


def _data(values: dict) -> dict:
    return {**values, "series": values.get("series") or ""}


@bp.route("/sources/<int:source_id>/delete", methods=["GET", "POST"])
@workspace_required
def delete_source(source_id: int):
    source = services.source_for(current_user, source_id)
    form = ActionForm()
    if request.method == "POST":  # CSRFProtect has checked the token
        services.delete_source(source, actor=current_user)
        db.session.commit()
        flash(_("The source is deleted; its events stay, as ordinary events."), "success")
        return redirect(url_for("workspace.sources"))
    return render_template("workspace/source_delete.html", source=source, form=form)


@bp.post("/sources/<int:source_id>/sync")
@workspace_required
def sync_source(source_id: int):
    source = services.source_for(current_user, source_id)
    report = sync_and_commit(
        source.id, now=clock.now(), settings=current_settings(),
        fetcher=fetcher_of(current_app.config),
    )  # fmt: skip
    if report is not None and report.status == "failed":
        flash(_("The sync failed; the source's events were left as they were."), "error")
    else:
        flash(_("The source is synced."), "success")
    return redirect(url_for("workspace.sources"))


DETACH = {
    "title": _l("Detach from its source"),
    "intro": _l(
        "The event becomes an ordinary event: every field can be changed here, and its imported "
        "calendar's syncs no longer change it, nor cancel it when it leaves the feed. This "
        "cannot be undone."
    ),
    "button": _l("Detach from its source"),
}


@bp.route("/events/<int:event_id>/detach", methods=["GET", "POST"])
@workspace_required
def detach_event(event_id: int):
    event = editable_event(event_id)
    form = ActionForm()
    page = {"name": "detach", "page": DETACH, "event": event, "form": form, "fields": ()}
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("workspace/action.html", **page, refusal=None), status
    try:
        detach(event, actor=current_user, now=clock.now())
    except EventError as err:
        db.session.rollback()
        return render_template("workspace/action.html", **page, refusal=err.message), status_of(err)
    db.session.commit()
    flash(_("The event is detached from its source: it is an ordinary event now."), "success")
    return redirect(url_for("workspace.edit_event", event_id=event.id))
