"""The kinds of reference data the admin area manages, described once for the generic screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from eventapp.admin.forms import (
    OrganisationForm,
    PersonForm,
    ReferenceForm,
    SeriesForm,
    TopicForm,
    VenueForm,
)
from eventapp.reference import services
from eventapp.reference.models import Organisation, Person, Series, Topic, Venue
from eventapp.templating import show


def _site(obj: Any) -> Any:
    return show(obj.site, "name", note=False) if obj.site else "—"


@dataclass(frozen=True)
class Kind:
    """One kind of row: its model, form, service, headings and list columns."""

    name: str  # the URL segment and the endpoints' prefix
    model: type
    form: type[ReferenceForm]
    save: Callable[..., Any]
    title: Any
    new_title: Any
    edit_title: Any
    order: Any
    columns: tuple[tuple[Any, Callable[[Any], Any]], ...]
    has_slug: bool = False

    def initial(self, obj: Any) -> dict[str, Any]:
        """The form's values for `obj`."""
        data = {}
        for name in (n for row in self.form.rows for n in row):
            value = getattr(obj, name)
            if name == "site":
                value = obj.site.slug if obj.site else ""
            data[name] = "" if value is None else str(value) if name == "capacity" else value
        return data


def _name(field: str) -> Callable[[Any], Any]:
    return lambda obj: show(obj, field, note=False)


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "organisations", Organisation, OrganisationForm, services.save_organisation,
            _l("Organisations"), _l("New organisation"), _l("Edit the organisation"),
            Organisation.slug,
            ((_l("Name"), _name("name")), (_l("Slug"), lambda o: o.slug), (_l("Site"), _site)),
            has_slug=True,
        ),
        Kind(
            "venues", Venue, VenueForm, services.save_venue,
            _l("Venues"), _l("New venue"), _l("Edit the venue"), Venue.id,
            ((_l("Room"), _name("name")), (_l("Site"), _site),
             (_l("Capacity"), lambda v: "—" if v.capacity is None else v.capacity)),
        ),
        Kind(
            "series", Series, SeriesForm, services.save_series,
            _l("Seminar series"), _l("New series"), _l("Edit the series"), Series.slug,
            ((_l("Title"), _name("title")), (_l("Slug"), lambda s: s.slug), (_l("Site"), _site)),
            has_slug=True,
        ),
        Kind(
            "topics", Topic, TopicForm, services.save_topic,
            _l("Topics"), _l("New topic"), _l("Edit the topic"), Topic.slug,
            ((_l("Name"), _name("name")), (_l("Slug"), lambda t: t.slug)),
            has_slug=True,
        ),
        Kind(
            "people", Person, PersonForm, services.save_person,
            _l("Speakers"), _l("New speaker"), _l("Edit the speaker"), Person.name,
            ((_l("Name"), lambda p: p.name), (_l("Affiliation"), lambda p: p.affiliation or "—")),
        ),
    )
}  # fmt: skip
