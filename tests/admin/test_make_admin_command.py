"""`flask --app eventapp make-admin EMAIL`: the way back when no admin is left."""

from __future__ import annotations

from sqlalchemy import select
from support import log_in_as

from eventapp.accounts.models import User
from eventapp.extensions import db


def role_of(email: str) -> str | None:
    db.session.expire_all()
    return db.session.scalar(select(User.role).where(User.email == email))


def test_with_no_admin_left_the_command_makes_an_account_admin_again(app, runner, make_user):
    ada = make_user("ada@example.org", role="organiser")
    assert db.session.scalar(select(User.id).where(User.role == "admin")) is None
    assert log_in_as(app.test_client(), ada).get("/en/admin/").status_code == 403

    result = runner.invoke(args=["make-admin", "  ADA@example.org "])

    assert result.exit_code == 0, result.output
    assert "ada@example.org is an administrator." in result.output
    assert role_of("ada@example.org") == "admin"
    assert log_in_as(app.test_client(), ada).get("/en/admin/").status_code == 200


def test_an_unknown_address_is_an_error_and_changes_nothing(runner, make_user):
    make_user("ada@example.org")
    result = runner.invoke(args=["make-admin", "bob@example.org"])
    assert result.exit_code == 1
    assert "No account uses bob@example.org." in result.output
    assert role_of("ada@example.org") == "attendee"


def test_an_unconfirmed_account_is_refused(runner, make_user):
    # Whoever signed up under someone's address chose its password: not an admin before the
    # address is confirmed.
    make_user("ada@example.org").confirmed_at = None
    db.session.commit()
    result = runner.invoke(args=["make-admin", "ada@example.org"])
    assert result.exit_code == 1
    assert "has not confirmed the address yet" in result.output
    assert role_of("ada@example.org") == "attendee"
