"""Between the workspace forms and the editing services: choices, inputs, prefills, refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import Form

from eventapp.events.editing import EventInput
from eventapp.events.localtime import wall_time
from eventapp.events.models import Event, EventSession
from eventapp.events.ownership import owner_of
from eventapp.events.sessions import SessionInput
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue

KIND_LABELS = {"seminar": _l("Seminar"), "workshop": _l("Workshop"), "symposium": _l("Symposium")}
LANGUAGE_LABELS = {
    "fr": _l("In French"),
    "en": _l("In English"),
    "both": _l("In French and English"),
}
TEXTS = tuple(
    f"{name}_{lang}" for name in ("title", "summary", "description") for lang in ("fr", "en")
)


def _name(row, lang: str, field: str = "name") -> str:
    return row.localised(field, lang).text


def _people() -> list[tuple[int, str]]:
    people = db.session.scalars(select(Person).order_by(Person.name, Person.id))
    return [(p.id, f"{p.name} ({p.affiliation})" if p.affiliation else p.name) for p in people]


def fill_event_choices(form, lang: str) -> None:
    """What the event form offers: every site, venue, organisation, series, topic and person."""
    sites = db.session.scalars(select(Site).order_by(Site.id)).all()
    site_names = {site.id: _name(site, lang) for site in sites}
    venues = db.session.scalars(select(Venue)).all()
    venues.sort(key=lambda v: (v.site_id, _name(v, lang).casefold()))
    orgs = db.session.scalars(select(Organisation)).all()
    orgs.sort(key=lambda o: (o.site_id, _name(o, lang).casefold()))
    form.kind.choices = list(KIND_LABELS.items())
    form.language.choices = list(LANGUAGE_LABELS.items())
    form.site.choices = [("", _l("Choose a site"))] + [(s.slug, site_names[s.id]) for s in sites]
    form.venue.choices = [("", _l("No venue (online only)"))] + [
        (str(v.id), f"{site_names[v.site_id]} · {_name(v, lang)}") for v in venues
    ]
    form.organisations.choices = [
        (o.slug, f"{_name(o, lang)} ({site_names[o.site_id]})") for o in orgs
    ]
    series = db.session.scalars(select(Series).order_by(Series.slug)).all()
    form.series.choices = [("", _l("None"))] + [(s.slug, _name(s, lang, "title")) for s in series]
    topics = db.session.scalars(select(Topic).order_by(Topic.slug)).all()
    form.topics.choices = [(t.slug, _name(t, lang)) for t in topics]
    form.speakers.choices = _people()


def fill_session_choices(form) -> None:
    form.speakers.choices = _people()


def event_input(form) -> EventInput:
    """The service's input from a checked form; times are naive wall times in the site's zone."""
    all_day = bool(form.all_day.data)
    return EventInput(
        kind=form.kind.data,
        site=form.site.data or "",
        language=form.language.data,
        **{name: form[name].data or None for name in TEXTS},
        all_day=all_day,
        start=form.start_day.data if all_day else form.start.data,
        end=form.end_day.data if all_day else form.end.data,
        venue_id=int(form.venue.data) if form.venue.data else None,
        online_url=form.online_url.data or None,
        organisations=list(form.organisations.data or []),
        topics=list(form.topics.data or []),
        series=form.series.data or None,
        speakers=list(form.speakers.data or []),
        capacity=form.capacity.data,
        registration_opens=form.registration_opens.data,
        registration_closes=form.registration_closes.data,
    )


def event_data(event: Event) -> dict:
    """An event as its edit form shows it: wall times in the site's zone."""
    tz = event.site.timezone

    def local(instant):
        return wall_time(instant, tz) if instant is not None else None

    return {
        **{name: getattr(event, name) for name in TEXTS},
        "kind": event.kind,
        "language": event.language,
        "site": event.site.slug,
        "venue": str(event.venue_id) if event.venue_id else "",
        "online_url": event.online_url,
        # Invited co-hosts stay ticked: saving the form again keeps the invitation.
        "organisations": [o.slug for o in (*event.organisations, *event.invited)],
        "series": event.series.slug if event.series else "",
        "topics": [t.slug for t in event.topics],
        "speakers": [p.id for p in event.speakers],
        "capacity": event.capacity,
        "registration_opens": local(event.registration_opens_at),
        "registration_closes": local(event.registration_closes_at),
        "all_day": event.all_day,
        "start": local(event.start_at),
        "end": local(event.end_at),
        "start_day": event.first_day,
        "end_day": event.last_day,
    }


# The form's fields for each field of the model that an owner (an imported calendar) provides.
OWNED_INPUTS = {
    "start_at": ("start", "start_day"), "end_at": ("end", "end_day"), "all_day": ("all_day",),
    "site_id": ("site",), "venue_id": ("venue",), "online_url": ("online_url",),
}  # fmt: skip


def lock_owned_fields(form, event: Event) -> None:
    """Show the fields the event's owner provides as disabled, and keep their stored values
    whatever is posted (a disabled input sends nothing; a forged one changes nothing)."""
    owner = owner_of(event)
    if owner is None:
        return
    stored = event_data(event)
    for name in owner.fields:
        for target in OWNED_INPUTS.get(name, (name,)):
            if target in form:
                form[target].render_kw = {**(form[target].render_kw or {}), "disabled": True}
                form[target].data = stored[target]
                form[target].raw_data = []


def session_input(form) -> SessionInput:
    return SessionInput(
        title_fr=form.title_fr.data or None,
        title_en=form.title_en.data or None,
        start=form.start.data,
        end=form.end.data,
        room=form.room.data or None,
        capacity=form.capacity.data,
        speakers=list(form.speakers.data or []),
    )


def session_data(session: EventSession) -> dict:
    tz = session.event.site.timezone
    return {
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "start": wall_time(session.start_at, tz),
        "end": wall_time(session.end_at, tz),
        "room": session.room,
        "capacity": session.capacity,
        "speakers": [p.id for p in session.speakers],
    }


def show_refusal(form: Form, fields: dict, *, all_day: bool = False) -> list[str]:
    """Put each of the service's messages next to its field; return those that have none."""
    aliases = {"title": ("title_fr", "title_en")}
    if all_day:
        aliases |= {"start": ("start_day",), "end": ("end_day",)}
    elsewhere = []
    for name, message in fields.items():
        targets = [t for t in aliases.get(name, (name,)) if t in form]
        for target in targets:
            form[target].errors = [*form[target].errors, str(message)]
        if not targets:
            elsewhere.append(str(message))
    return elsewhere
