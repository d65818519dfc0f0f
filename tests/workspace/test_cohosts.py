"""Co-hosting needs consent: an organisation named by another's organiser is only invited, shows
nothing and grants nothing until one of its own organisers accepts (issue 11, item 12)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.events.history import EventChange
from eventapp.events.models import Event, event_organisations
from eventapp.extensions import clock, db
from eventapp.feeds.tracking import feed_version
from eventapp.mail.models import OutboxMessage

LINK = event_organisations.c


def edit_url(event: Event) -> str:
    return f"/en/workspace/events/{event.id}/edit"


def form_of(event: Event, **changes) -> dict:
    """What the edit form holds for a hosted event, with `changes`."""
    values = {
        "title_en": event.title_en, "title_fr": event.title_fr, "kind": "seminar",
        "language": "both", "site": "paris-saclay", "venue": str(event.venue_id),
        "organisations": ["hec-paris"], "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
    }  # fmt: skip
    return {**values, **changes}


def hosts_of(event_id: int) -> dict[str, bool]:
    """Each host's slug in the database, and whether it accepted."""
    db.session.commit()
    from eventapp.reference.models import Organisation

    rows = db.session.execute(
        select(Organisation.slug, LINK.accepted_at)
        .join(event_organisations, LINK.organisation_id == Organisation.id)
        .where(LINK.event_id == event_id)
        .order_by(LINK.id)
    )
    return {slug: accepted_at is not None for slug, accepted_at in rows}


def hosted_by(html: str) -> str:
    """The 'Hosted by' line of a public event page."""
    found = re.search(r"<dt>Hosted by</dt><dd>(.*?)</dd>", html, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def invited(hosted, login, submit):
    """A published event of HEC Paris whose organiser names the University of Oxford as co-host."""
    event = hosted(title_en="Shared seminar")
    login("organiser")
    response = submit(edit_url(event), form_of(event, organisations=["hec-paris", "oxford-uni"]))
    assert response.status_code == 302
    login(None)
    return event


def choice(html: str, slug: str) -> str:
    """The checkbox item of the organisation `slug` in the event form."""
    items = [item.split("</li>")[0] for item in html.split('<li class="choice">')[1:]]
    return next(item for item in items if f'value="{slug}"' in item)


def answer(client, login, csrf, event: Event, org_id: int, verb: str, who: str = "other"):
    login(who)
    token = csrf("/en/workspace/")
    url = f"/en/workspace/invitations/{event.id}/{org_id}/{verb}"
    return client.post(url, data={"csrf_token": token})


def test_a_co_host_named_by_another_organisation_shows_nothing_and_grants_nothing(
    client, login, invited, world
):
    assert hosts_of(invited.id) == {"hec-paris": True, "oxford-uni": False}
    page = client.get(f"/en/events/{invited.id}").get_data(as_text=True)
    assert "HEC Paris" in hosted_by(page) and "University of Oxford" not in hosted_by(page)
    assert client.get(f"/api/v1/events/{invited.id}").json["organisations"] == ["hec-paris"]
    listed = client.get("/api/v1/events?organisation=oxford-uni").json
    assert listed["total"] == 0
    feed = client.get("/feeds/en/events.ics?organisation=oxford-uni").get_data(as_text=True)
    assert "Shared seminar" not in feed
    # Oxford's organisers may not edit it, nor do they find it among their events.
    login("other")
    assert client.get(edit_url(invited)).status_code in (403, 404)
    dashboard = client.get("/en/workspace/").get_data(as_text=True)
    assert f'href="/en/workspace/events/{invited.id}/edit"' not in dashboard


def test_the_inviting_side_sees_the_host_awaiting_consent_and_keeps_it_on_saving(
    client, login, submit, invited
):
    login("organiser")
    html = client.get(edit_url(invited)).get_data(as_text=True)
    item = choice(html, "oxford-uni")
    assert "checked" in item and "(invited, awaiting consent)" in item
    assert "(invited, awaiting consent)" not in choice(html, "hec-paris")
    # Saving the form again (the invitation ticked) neither accepts nor drops it.
    response = submit(
        edit_url(invited),
        form_of(invited, organisations=["hec-paris", "oxford-uni"], title_en="Renamed"),
        follow_redirects=True,
    )
    assert "University of Oxford is invited to co-host" in response.get_data(as_text=True)
    assert hosts_of(invited.id) == {"hec-paris": True, "oxford-uni": False}


def test_the_invited_organisers_accept_and_the_host_shows_and_may_edit(
    client, login, csrf, invited, world, fresh
):
    login("other")
    dashboard = client.get("/en/workspace/").get_data(as_text=True)
    assert "HEC Paris invites University of Oxford to co-host:" in dashboard
    assert "Shared seminar" in dashboard
    feed_before = client.get("/feeds/en/events.ics?organisation=oxford-uni")
    version_before = feed_version(db.session.connection())[0]
    db.session.commit()

    response = answer(client, login, csrf, invited, world.oxford.id, "accept")
    assert response.status_code == 302
    assert hosts_of(invited.id) == {"hec-paris": True, "oxford-uni": True}
    page = client.get(f"/en/events/{invited.id}").get_data(as_text=True)
    assert "University of Oxford" in hosted_by(page)
    assert client.get(f"/api/v1/events/{invited.id}").json["organisations"] == [
        "hec-paris",
        "oxford-uni",
    ]
    # The event's data moved: feeds by organisation now list it, with a new ETag.
    assert feed_version(db.session.connection())[0] > version_before
    feed_after = client.get("/feeds/en/events.ics?organisation=oxford-uni")
    assert feed_after.headers["ETag"] != feed_before.headers["ETag"]
    assert "Shared seminar" in feed_after.get_data(as_text=True)
    assert client.get(edit_url(invited)).status_code == 200
    assert "invites" not in client.get("/en/workspace/").get_data(as_text=True)
    actions = db.session.scalars(
        select(EventChange.action).where(EventChange.event_id == invited.id)
    ).all()
    assert "cohost_accepted" in actions


def test_declining_removes_the_invitation_and_shows_nothing(client, login, csrf, invited, world):
    response = answer(client, login, csrf, invited, world.oxford.id, "decline")
    assert response.status_code == 302
    assert hosts_of(invited.id) == {"hec-paris": True}
    assert "invites" not in client.get("/en/workspace/").get_data(as_text=True)
    assert client.get(edit_url(invited)).status_code in (403, 404)
    login("organiser")
    html = client.get(edit_url(invited)).get_data(as_text=True)
    assert "checked" not in choice(html, "oxford-uni")


def test_answering_needs_the_csrf_token_and_the_invited_organisation(
    client, login, csrf, invited, world
):
    login("other")
    url = f"/en/workspace/invitations/{invited.id}/{world.oxford.id}/accept"
    assert client.post(url).status_code == 400
    # HEC's organiser, who named Oxford, cannot accept for it, nor may anyone answer for HEC.
    by_hec = answer(client, login, csrf, invited, world.oxford.id, "accept", "organiser")
    assert by_hec.status_code == 404
    for_hec = answer(client, login, csrf, invited, world.hec.id, "decline", "other")
    assert for_hec.status_code == 404
    assert hosts_of(invited.id) == {"hec-paris": True, "oxford-uni": False}


def test_an_admin_names_hosts_accepted_at_once(client, login, submit, hosted):
    event = hosted()
    login("admin")
    response = submit(edit_url(event), form_of(event, organisations=["hec-paris", "oxford-uni"]))
    assert response.status_code == 302
    assert hosts_of(event.id) == {"hec-paris": True, "oxford-uni": True}


def test_an_organiser_keeps_one_of_their_own_organisations_on_the_event(
    client, login, submit, hosted
):
    event = hosted()
    login("organiser")
    response = submit(edit_url(event), form_of(event, organisations=["oxford-uni"]))
    assert response.status_code == 400
    assert "You may only act on events hosted by your organisations." in response.get_data(
        as_text=True
    )
    assert hosts_of(event.id) == {"hec-paris": True}


def test_the_api_invites_the_same_way_and_keeps_invitations_on_patch(client, world, app):
    token = accounts.create_token(world.users["organiser"], now=clock.now())
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    body = {
        "kind": "seminar", "site": "paris-saclay", "title": {"en": "API seminar"},
        "venue": world.room.id, "start": "2027-03-26T14:00", "end": "2027-03-26T16:00",
        "organisations": ["hec-paris", "oxford-uni"], "status": "published",
    }  # fmt: skip
    created = client.post("/api/v1/events", json=body, headers=auth)
    assert created.status_code == 201, created.json
    assert created.json["organisations"] == ["hec-paris"]
    assert any("University of Oxford is invited" in w for w in created.json["warnings"])
    event_id = created.json["id"]
    assert hosts_of(event_id) == {"hec-paris": True, "oxford-uni": False}
    patched = client.patch(f"/api/v1/events/{event_id}", json={"capacity": 30}, headers=auth)
    assert patched.status_code == 200 and patched.json["organisations"] == ["hec-paris"]
    assert hosts_of(event_id) == {"hec-paris": True, "oxford-uni": False}
    # Oxford's organiser gets no right from the invitation.
    other = accounts.create_token(world.users["other"], now=clock.now())
    db.session.commit()
    refused = client.patch(
        f"/api/v1/events/{event_id}", json={"capacity": 1},
        headers={"Authorization": f"Bearer {other}"},
    )  # fmt: skip
    assert refused.status_code in (403, 404)


def outbox(to: str) -> list[OutboxMessage]:
    db.session.commit()
    query = select(OutboxMessage).where(OutboxMessage.recipient == to)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def test_the_invited_organisers_hear_of_it_once_in_their_language(
    client, login, submit, hosted, world
):
    world.users["other"].language = "fr"
    db.session.commit()
    event = hosted(title_en="Shared seminar", title_fr="Séminaire partagé")
    login("organiser")
    data = form_of(event, organisations=["hec-paris", "oxford-uni"])
    assert submit(edit_url(event), data).status_code == 302
    [message] = outbox("bob@example.org")
    assert message.language == "fr" and message.subject == (
        "Invitation à co-organiser : Séminaire partagé"
    )
    assert "HEC Paris invite University of Oxford à co-organiser :" in message.body_text
    assert "/fr/workspace/" in message.body_text
    # Saving again, the invitation still waiting, sends nothing more; nor do HEC's own hosts.
    assert submit(edit_url(event), {**data, "title_en": "Renamed"}).status_code == 302
    assert len(outbox("bob@example.org")) == 1 and outbox("ana@example.org") == []


def test_a_copy_invites_the_co_hosts_again(client, login, submit, hosted, world):
    # Oxford co-hosts the original with consent (both hosts written by the platform).
    event = hosted(organisations=[world.hec, world.oxford])
    login("organiser")
    response = submit(f"/en/workspace/events/{event.id}/duplicate", {"start": "2027-04-02T14:00"})
    assert response.status_code == 302
    copy_id = int(re.search(r"/events/(\d+)/edit", response.headers["Location"]).group(1))
    assert hosts_of(event.id) == {"hec-paris": True, "oxford-uni": True}
    assert hosts_of(copy_id) == {"hec-paris": True, "oxford-uni": False}
    login("other")
    assert client.get(f"/en/workspace/events/{copy_id}/edit").status_code in (403, 404)


def test_the_api_lists_and_answers_invitations(client, invited, world):
    other = accounts.create_token(world.users["other"], now=clock.now())
    ana = accounts.create_token(world.users["organiser"], now=clock.now())
    db.session.commit()
    as_other = {"Authorization": f"Bearer {other}"}
    [item] = client.get("/api/v1/me/invitations", headers=as_other).json["items"]
    assert item["event"] == invited.id and item["organisation"] == "oxford-uni"
    assert item["hosts"] == ["hec-paris"] and item["title"]["en"] == "Shared seminar"
    assert (
        client.get("/api/v1/me/invitations", headers={"Authorization": f"Bearer {ana}"}).json[
            "items"
        ]
        == []
    )
    url = f"/api/v1/events/{invited.id}/invitations/oxford-uni/accept"
    # The inviting organiser cannot accept for Oxford; an unknown organisation is no invitation.
    assert client.post(url, headers={"Authorization": f"Bearer {ana}"}).status_code == 404
    bogus = f"/api/v1/events/{invited.id}/invitations/no-such-org/accept"
    assert client.post(bogus, headers=as_other).status_code == 404
    accepted = client.post(url, headers=as_other)
    assert accepted.status_code == 200
    assert accepted.json["organisations"] == ["hec-paris", "oxford-uni"]
    assert client.post(url, headers=as_other).status_code == 200  # accepting again: no change
    decline = url.replace("/accept", "/decline")
    assert client.post(decline, headers=as_other).status_code == 409  # too late to decline
    assert client.get("/api/v1/me/invitations", headers=as_other).json["items"] == []


def test_the_api_declines_an_invitation(client, invited, world):
    other = accounts.create_token(world.users["other"], now=clock.now())
    db.session.commit()
    url = f"/api/v1/events/{invited.id}/invitations/oxford-uni/decline"
    for _twice in range(2):  # declining what is gone changes nothing
        assert client.post(url, headers={"Authorization": f"Bearer {other}"}).status_code == 204
    assert hosts_of(invited.id) == {"hec-paris": True}
