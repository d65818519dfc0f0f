"""The admin forms. They only carry the input: the reference services check every rule, so that
the screens and the API refuse the same things with the same messages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice

from eventapp.extensions import db
from eventapp.reference.models import Organisation, Site
from eventapp.reference.services import ReferenceDataError
from eventapp.templating import tr


def _site_choices(*, optional: bool) -> list[SelectChoice]:
    sites = db.session.scalars(select(Site).order_by(Site.id)).all()
    choices = [SelectChoice(s.slug, str(tr(s, "name")) or s.slug) for s in sites]
    return [SelectChoice("", _l("(none)")), *choices] if optional else choices


class ReferenceForm(FlaskForm):
    """Base of the reference data forms: `rows` lays the fields out, French beside English."""

    rows: tuple[tuple[str, ...], ...] = ()
    optional_site = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "site" in self._fields:
            self.site.choices = _site_choices(optional=self.optional_site)

    def values(self) -> dict[str, Any]:
        """What was typed, by field name, for the service."""
        return {name: self[name].data for row in self.rows for name in row}

    def refuse(self, err: ReferenceDataError) -> None:
        """Each refusal next to its field; one about a pair (`name`) next to both languages."""
        for field, message in err.fields.items():
            names = [field] if field in self else [f"{field}_fr", f"{field}_en"]
            for name in (n for n in names if n in self):
                self[name].errors = [*self[name].errors, str(message)]
        if not err.fields:
            self.form_errors.append(str(err.message))


def _slug() -> StringField:
    return StringField(
        _l("Slug"),
        description=_l("Lower-case letters, digits and hyphens; part of public links."),
    )


def _site(label: Any) -> SelectField:
    return SelectField(label, validate_choice=False)


class OrganisationForm(ReferenceForm):
    rows = (("slug",), ("name_fr", "name_en"), ("url",), ("site",))
    slug = _slug()
    name_fr = StringField(_l("Name in French"))
    name_en = StringField(_l("Name in English"))
    url = StringField(_l("Web site (optional)"), description="https://…")
    site = _site(_l("Site"))


class VenueForm(ReferenceForm):
    rows = (("name_fr", "name_en"), ("address",), ("site",), ("capacity",))
    name_fr = StringField(_l("Room name in French"))
    name_en = StringField(_l("Room name in English"))
    address = TextAreaField(_l("Address"))
    site = _site(_l("Site"))
    capacity = StringField(_l("Capacity (optional)"), description=_l("Number of seats, 0 or more."))


class SeriesForm(ReferenceForm):
    rows = (("slug",), ("title_fr", "title_en"), ("description_fr", "description_en"), ("site",))
    optional_site = True
    slug = _slug()
    title_fr = StringField(_l("Title in French"))
    title_en = StringField(_l("Title in English"))
    description_fr = TextAreaField(_l("Description in French (optional)"))
    description_en = TextAreaField(_l("Description in English (optional)"))
    site = _site(_l("Site (optional)"))


class TopicForm(ReferenceForm):
    rows = (("slug",), ("name_fr", "name_en"))
    slug = _slug()
    name_fr = StringField(_l("Name in French"))
    name_en = StringField(_l("Name in English"))


class PersonForm(ReferenceForm):
    rows = (("name",), ("affiliation",))
    name = StringField(_l("Name"))
    affiliation = StringField(_l("Affiliation (optional)"))


class UserSearchForm(FlaskForm):
    """The search box of the people list (a GET form: nothing to protect)."""

    class Meta:
        csrf = False

    q = StringField(_l("E-mail address or name"))


class GrantForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.slug)).all()
        self.organisation.choices = [SelectChoice(o.id, str(tr(o, "name")) or o.slug) for o in orgs]
