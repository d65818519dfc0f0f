"""The registrants' pages in the workspace, for the event's hosts and admins."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from eventapp import dates
from eventapp.registrants import listing, queries
from eventapp.registrants.labels import session_titles, status_word
from eventapp.templating import page_lang
from eventapp.workspace.access import editable_event, workspace_required

bp = Blueprint("registrants", __name__, url_prefix="/<lang>/workspace/events/<int:event_id>")
# The pages next to this one: until a page exists (another branch builds it), its path.
SIBLINGS = {"check_in": "check-in", "messages": "messages"}


@bp.app_template_global()
def registrants_link(event_id: int, name: str) -> str:
    """The link to one of an event's registrants' pages (`check_in`, `messages`)."""
    endpoint = f"registrants.{name}"
    if endpoint in current_app.view_functions:
        return url_for(endpoint, event_id=event_id)
    return f"/{page_lang()}/workspace/events/{event_id}/{SIBLINGS[name]}"


@bp.app_template_global()
def format_local(value, tz: str) -> str:
    """A moment in the event's zone `tz`, in the page's language."""
    return dates.day_time(value, tz, page_lang())


bp.add_app_template_global(status_word, "status_word")


@bp.get("/registrations")
@workspace_required
def registrations(event_id: int):
    event = editable_event(event_id)
    filters = listing.filters_from(request.args, event)
    page = listing.page_number(request.args)
    found = queries.page_of(event.id, filters, page, listing.PER_PAGE, clamp=True)
    return render_template(
        "registrants/list.html", event=event, filters=filters, found=found,
        args=listing.as_args(filters), counts=queries.status_counts(event.id),
        by_session=queries.session_counts(event.id), positions=queries.waiting_positions(event.id),
        titles=session_titles(event, page_lang()),
    )  # fmt: skip


@bp.get("/registrations.csv")
@workspace_required
def registrations_csv(event_id: int):
    event = editable_event(event_id)
    return listing.csv_response(event, listing.filters_from(request.args, event), page_lang())


from eventapp.registrants import checkin_views, message_views  # noqa: E402,F401  (their routes)
