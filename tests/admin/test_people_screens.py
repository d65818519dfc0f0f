"""People and roles: search, pages, grant and withdraw organiser rights, make and unmake admins."""

from __future__ import annotations

from support import log_in_as

from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.reference.models import Organisation


def reloaded(user: User) -> User:
    db.session.rollback()  # see what the requests committed
    return db.session.get(User, user.id)


def test_search_by_address_or_name_and_paginate(admin_client, make_user):
    for n in range(30):
        make_user(f"person{n:02d}@example.org", name=f"Person {n:02d}")
    make_user("grace@example.org", name="Grace Hopper")
    found = admin_client.get("/en/admin/users/?q=HOPPER").get_data(as_text=True)
    assert "grace@example.org" in found and "person01@" not in found
    assert "1 account" in found
    first = admin_client.get("/en/admin/users/").get_data(as_text=True)
    assert "32 accounts" in first and "Page 1 of 2" in first
    second = admin_client.get("/en/admin/users/?page=2").get_data(as_text=True)
    assert "person29@example.org" in second and "person00@" not in second
    assert admin_client.get("/en/admin/users/?q=%25").status_code == 200  # % is plain text


def test_grant_and_withdraw_organiser_rights(admin_client, sites, make_user, post_form):
    org = Organisation(slug="dataia", name_en="DataIA", site=sites["paris-saclay"])
    db.session.add(org)
    db.session.commit()
    person = make_user("org@example.org")
    page = f"/en/admin/users/{person.id}"
    done = post_form(f"{page}/grant", {"organisation": org.id}, page=page)
    assert done.status_code == 302
    person = reloaded(person)
    assert person.role == "organiser" and [o.slug for o in person.organisations] == ["dataia"]
    assert "DataIA" in client_page(admin_client, page)
    done = post_form(f"{page}/withdraw/{org.id}", {}, page=page)
    assert done.status_code == 302
    person = reloaded(person)
    assert person.role == "attendee" and person.organisations == []


def client_page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_granting_an_unknown_organisation_is_refused(admin_client, make_user, post_form):
    person = make_user("org@example.org")
    page = f"/en/admin/users/{person.id}"
    answer = post_form(f"{page}/grant", {"organisation": "999"}, page=page)
    assert answer.status_code == 400
    assert reloaded(person).role == "attendee"


def test_make_and_unmake_admin_but_never_the_last(admin_client, admin, make_user, post_form):
    alone = post_form(f"/en/admin/users/{admin.id}/admin/remove", {}, page="/en/admin/users/")
    assert alone.status_code == 400
    assert "The last administrator cannot stop being one." in alone.get_data(as_text=True)
    assert reloaded(admin).role == "admin"
    other = make_user("bob@example.org")
    page = f"/en/admin/users/{other.id}"
    assert post_form(f"{page}/admin", {}, page=page).status_code == 302
    assert reloaded(other).role == "admin"
    own = f"/en/admin/users/{admin.id}"
    assert post_form(f"{own}/admin/remove", {}, page=own).status_code == 302
    assert reloaded(admin).role == "attendee"
    assert admin_client.get("/en/admin/").status_code == 403  # no longer an admin


def test_unmaking_an_admin_who_organises_leaves_an_organiser(sites, make_user):
    from eventapp.accounts import services

    org = Organisation(slug="inria", name_en="Inria", site=sites["paris-saclay"])
    make_user("first@example.org", role="admin")
    second = make_user("second@example.org", role="admin", organisations=[org])
    services.set_admin(second, False)
    assert second.role == "organiser"


def test_the_admin_link_shows_for_admins_only(app, admin, make_user):
    attendee = make_user("someone@example.org")
    link = 'href="/en/admin/"'
    assert link in log_in_as(app.test_client(), admin).get("/en/events/").get_data(as_text=True)
    assert link not in log_in_as(app.test_client(), attendee).get("/en/").get_data(as_text=True)
    assert link not in app.test_client().get("/en/").get_data(as_text=True)
