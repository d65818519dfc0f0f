"""Who speaks for an organisation: the accounts that mail about it should reach."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.accounts.models import User, user_organisations
from eventapp.extensions import db
from eventapp.reference.models import Organisation


def organisers_of(organisation: Organisation) -> list[User]:
    """The confirmed accounts that organise for `organisation`."""
    return list(
        db.session.scalars(
            select(User)
            .join(user_organisations, user_organisations.c.user_id == User.id)
            .where(
                user_organisations.c.organisation_id == organisation.id,
                User.role.in_(("organiser", "admin")),
                User.confirmed_at.is_not(None),
            )
            .order_by(User.id)
        )
    )
