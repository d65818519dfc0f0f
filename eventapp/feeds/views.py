"""The public calendar feeds: `/feeds/<lang>/events.ics` and `/feeds/<lang>/events/<id>.ics`."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp import pagecache
from eventapp.events import queries
from eventapp.events.filters import parse_filters
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.feeds import naming, warming
from eventapp.feeds.blocks import FEED_STATUSES, FeedNotReady, feed_blocks
from eventapp.feeds.content import Site
from eventapp.feeds.fingerprint import current_fingerprint
from eventapp.feeds.http import calendar_response, etag_for, plain_error
from eventapp.feeds.ical import calendar
from eventapp.feeds.tracking import feed_version
from eventapp.feeds.version import read as read_version
from eventapp.memo import SizedMemo
from eventapp.reference.models import Site as SiteModel
from eventapp.settings import current_settings

bp = Blueprint("feeds", __name__, url_prefix="/feeds/<lang>")

PAST_DAYS = 90
CANCELLED_DAYS = 30
DEFAULT_ZONE = "Europe/Paris"
RETRY_AFTER = 60  # seconds: what a 503 asks a calendar to wait while its blocks are built
# The list feed's ETags a process keeps, by their arguments and version: 40 characters each.
ETAG_MEMO_CHARACTERS = 40 * 4096
_ETAGS = "eventapp.feed_etags"  # in app.extensions


def _site() -> Site:
    return Site.of(current_settings())


def _inline_limit() -> int:
    return current_app.config["FEED_INLINE_BUILD"]


@bp.errorhandler(FeedNotReady)
def not_ready(err: FeedNotReady):
    """Too many stale blocks for one request (after a deploy or an import): store one chunk of
    them, so each poll moves the work on even without a worker, and ask to come back."""
    warming.build_chunk(err.ids[: _inline_limit()], err.lang, _site())
    db.session.commit()
    answer = plain_error(_("This calendar is being prepared; try again in a minute."), 503)
    answer.headers["Retry-After"] = str(RETRY_AFTER)
    return answer


def _today() -> datetime:
    """Midnight UTC today: the feeds' windows move once a day, so their bytes do too."""
    return datetime.combine(clock.now().date(), time(), tzinfo=UTC)


def _columns(stmt):
    return stmt.join(SiteModel, SiteModel.id == Event.site_id).with_only_columns(
        Event.id, Event.updated_at, Event.sequence, Event.start_at, SiteModel.timezone
    )


@bp.get("/events.ics")
def events_feed():
    lang = g.lang
    version, changed_at = read_version(db.engine, pagecache.reads)  # no transaction for a 304
    today = _today()
    etag = _list_etag(lang, version, today)
    if etag is None:
        _filters, errors = parse_filters(request.args)
        reasons = "; ".join(f"{name}: {message}" for name, message in errors.items())
        return plain_error(_("Some filters are not valid.") + " " + reasons)

    def body() -> bytes:
        filters, _errors = parse_filters(request.args)  # valid: the ETag was made for them
        stmt = queries.filtered(
            filters, now=today - timedelta(days=PAST_DAYS), statuses=FEED_STATUSES,
            cancelled_since=today - timedelta(days=CANCELLED_DAYS),
        )  # fmt: skip
        with_sessions = request.args.get("sessions") == "1"
        blocks, zones = feed_blocks(
            _columns(stmt), lang, _site(), sessions=with_sessions, inline_limit=_inline_limit()
        )
        info = naming.list_feed_info(filters, lang, _feed_url())
        return calendar(info, sorted(zones) or [_feed_zone(filters)], blocks)

    return calendar_response(etag, max(changed_at or today, today), body)


def _list_etag(lang: str, version: int, today: datetime) -> str | None:
    """The list feed's ETag for this request's arguments, None when a filter is not valid.

    Kept per app under everything it is made of (the fingerprint, which holds the base URL;
    the language; the raw query; the data version, which moves with any reference data a
    filter names; the day): a poll of an unchanged feed parses no filter and reads no slug."""
    memo = current_app.extensions.get(_ETAGS)
    if memo is None:
        memo = current_app.extensions.setdefault(_ETAGS, SizedMemo(ETAG_MEMO_CHARACTERS))
    key = (current_fingerprint(), lang, request.query_string, version, today)
    etag = memo.get(key)
    if etag is None:
        _filters, errors = parse_filters(request.args)
        if errors:
            return None
        with_sessions = request.args.get("sessions") == "1"
        args = sorted((k, v) for k, v in request.args.items(multi=True) if k != "sessions")
        etag = etag_for("list", lang, args, with_sessions, version, today.date(), _site())
        memo.put(key, etag)
    return etag


@bp.get("/events/<int:event_id>.ics")
def event_feed(event_id: int):
    lang = g.lang
    event = db.session.scalar(
        select(Event).where(Event.id == event_id, Event.status.in_(FEED_STATUSES))
    )
    if event is None:
        abort(404, _("There is no event with this id."))
    # The subscribed feed carries the sessions; `sessions=0` is the event alone (the page's
    # download: a symposium's sessions would add overlapping entries to a calendar).
    with_sessions = request.args.get("sessions") != "0"
    version, changed_at = feed_version(db.session.connection())
    etag = etag_for("event", lang, event_id, with_sessions, version, _site())

    def body() -> bytes:
        stmt = _columns(select(Event).where(Event.id == event_id))
        blocks, zones = feed_blocks(
            stmt, lang, _site(), sessions=with_sessions, inline_limit=_inline_limit()
        )
        title = event.localised("title", lang).text
        info = naming.event_feed_info(title, _site().base_url + request.path)
        return calendar(info, sorted(zones), blocks)

    return calendar_response(etag, event.updated_at, body)


def _feed_url() -> str:
    """The feed's own address, its arguments in a fixed order: the same feed asked with its
    arguments in another order has the same ETag, so it must have the same bytes."""
    query = urlencode(sorted(request.args.items(multi=True)))
    return _site().base_url + request.path + (f"?{query}" if query else "")


def _feed_zone(filters) -> str:
    if len(filters.site) == 1:
        return db.session.scalar(
            select(SiteModel.timezone).where(SiteModel.slug == filters.site[0])
        )
    return DEFAULT_ZONE
