"""From events to the builder's plain data, in one language: what a calendar shows of them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.events.models import Event, EventSession
from eventapp.feeds.ical import CalEvent


@dataclass(frozen=True)
class Site:
    """Where links and UIDs point: the deployment's base URL and UID domain."""

    base_url: str
    uid_domain: str

    @classmethod
    def of(cls, settings) -> Site:
        """The links and UIDs of a deployment's settings (`eventapp.settings.Settings`)."""
        return cls(settings.base_url, settings.uid_domain)

    def event_url(self, event: Event, lang: str) -> str:
        slug = event.slug(lang)
        return f"{self.base_url}/{lang}/events/{event.id}" + (f"-{slug}" if slug else "")


def event_uid(event_id: int, domain: str) -> str:
    return f"event-{event_id}@{domain}"


def session_uid(session_id: int, domain: str) -> str:
    return f"session-{session_id}@{domain}"


def cal_event(event: Event, lang: str, site: Site, *, private: bool = False) -> CalEvent:
    """The VEVENT data of an event in `lang`; `private` (an attendee's invitation) adds the
    online link that an event with registration keeps for its attendees."""
    with force_locale(lang):
        return CalEvent(
            uid=event_uid(event.id, site.uid_domain),
            sequence=event.sequence,
            modified_at=event.updated_at,
            start=event.first_day if event.all_day else event.start_at,
            end=event.local_end.date() if event.all_day else event.end_at,
            tzid=event.site.timezone,
            summary=_summary(event.localised("title", lang).text, event.is_cancelled),
            description=_event_description(event, lang, site, private),
            location=_location(event, lang),
            url=site.event_url(event, lang),
            cancelled=event.is_cancelled,
            source_uid=event.source_uid if event.source_id is not None else None,
        )


def cal_session(session: EventSession, event: Event, lang: str, site: Site) -> CalEvent:
    """The VEVENT data of one session of `event`, in `lang`."""
    with force_locale(lang):
        event_title = event.localised("title", lang).text
        title = session.localised("title", lang).text
        lines = [_("Part of: %(event)s", event=event_title)]
        if session.speakers:
            lines.append(_("Speakers: %(names)s", names=_people(session.speakers)))
        if session.room:
            lines.append(_("Room: %(room)s", room=session.room))
        lines += ["", site.event_url(event, lang)]
        location = ", ".join(p for p in (session.room, _location(event, lang)) if p)
        return CalEvent(
            uid=session_uid(session.id, site.uid_domain),
            sequence=event.sequence + session.sequence,
            modified_at=event.updated_at,  # any change to a session moves its event's
            start=session.start_at,
            end=session.end_at,
            tzid=event.site.timezone,
            summary=_summary(f"{title} — {event_title}" if title else event_title,
                             event.is_cancelled),
            description="\n".join(lines),
            location=location,
            url=site.event_url(event, lang),
            cancelled=event.is_cancelled,
        )  # fmt: skip


def _summary(title: str, cancelled: bool) -> str:
    return _("[CANCELLED] %(title)s", title=title) if cancelled else title


def _location(event: Event, lang: str) -> str:
    if event.venue is None:
        return _("Online")
    name = event.venue.localised("name", lang).text
    return ", ".join(p for p in (name, event.venue.address) if p)


def _people(people) -> str:
    return ", ".join(f"{p.name} ({p.affiliation})" if p.affiliation else p.name for p in people)


def _event_description(event: Event, lang: str, site: Site, private: bool) -> str:
    lines: list[str] = []
    if event.is_cancelled:
        lines.append(_("This event has been cancelled."))
        reason = event.localised("cancel_reason", lang).text
        if reason:
            lines.append(reason)
        lines.append("")
    summary = event.localised("summary", lang).text
    if summary:
        lines += [summary, ""]
    if event.speakers:
        lines.append(_("Speakers: %(names)s", names=_people(event.speakers)))
    lines.append(_("Where: %(place)s", place=_location(event, lang)))
    if event.online_url and (private or not event.online_link_private):
        lines.append(_("Online: %(url)s", url=event.online_url))
    lines += ["", _("More: %(url)s", url=site.event_url(event, lang))]
    return "\n".join(lines)
