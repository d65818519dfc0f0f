"""A double-click, forced: two submissions of one form both look for its key before either has
written it. The key's unique index lets one through; the other answers the first message."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from eventapp.events.history import EventChange
from eventapp.extensions import db
from eventapp.registrants import messages
from eventapp.registrants.models import EventMessage
from eventapp.registrations.models import Registration

TEXTS = {"subject_en": "Room change", "body_en": "Room B.", "to": ["confirmed", "waiting"]}


def test_two_submissions_at_once_send_once(app, client, login, csrf, people, mails, monkeypatch):
    login("organiser")
    page = f"/en/workspace/events/{people.id}/messages"
    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', client.get(page).text)[1]
    data = {**TEXTS, "nonce": nonce, "send": "1", "csrf_token": csrf(page)}
    both_looked = threading.Barrier(2, timeout=10)
    lookup, first_looks = messages._already, iter(range(2))

    def look_then_wait(key):
        found = lookup(key)
        if next(first_looks, None) is not None:
            both_looked.wait()  # neither writes before both have found nothing
        return found

    monkeypatch.setattr(messages, "_already", look_then_wait)
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _n: client.post(page, data=data), range(2)))

    assert [a.status_code for a in answers] == [302, 302]
    assert len(mails()) == 3
    assert db.session.scalar(select(func.count(EventMessage.id))) == 1
    assert db.session.scalar(select(func.count(EventChange.id))) == 1
    # Nothing else of the refused submission was kept either.
    assert db.session.scalar(select(func.count(Registration.id))) == 5
