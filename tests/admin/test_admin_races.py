"""Two admins removed at the same moment, each through an app and a connection of its own (as
two servers would): one always remains.

The race is forced: `pause` holds each request between counting the admins and writing. With the
lock, the second request counts after the first has written and is refused; without it, both
count two admins and none is left.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from admin_race_worker import remove_admin_once
from sqlalchemy import func, select

from eventapp.accounts.models import User
from eventapp.extensions import db

PAUSE = 0.05
# Without the lock nothing serialises the requests: they meet at a barrier, then a longer pause
# makes sure each has counted before either writes.
OPEN_PAUSE = 0.5


def admins_left() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)).where(User.role == "admin"))


@pytest.fixture
def two_admins(make_user, database_url):
    """Ada and Bob, the only two admins, and what each request does to them."""
    ada = make_user("ada@example.org", role="admin")
    bob = make_user("bob@example.org", role="admin")
    return partial(remove_admin_once, database_url), ada.id, bob.id


# Each other's role taken at once; or Ada deletes her account while Bob's role is taken.
RACES = {"each-others-role": ("unmake", "unmake"), "erase-and-unmake": ("erase", "unmake")}


def jobs(two_admins, race: str) -> list[tuple]:
    remove, ada, bob = two_admins
    first, second = RACES[race]
    # Whoever acts, the targets are the two admins: Bob's role, then Ada's role or account.
    return [(remove, second, bob), (remove, first, ada)]


def run_threads(work: list[tuple], lock: bool) -> list[str]:
    pause, barrier = (PAUSE if lock else OPEN_PAUSE), threading.Barrier(len(work))
    with ThreadPoolExecutor(len(work)) as pool:
        futures = [pool.submit(f, action, uid, pause, lock, barrier) for f, action, uid in work]
        return [f.result() for f in futures]


@pytest.mark.parametrize("race", RACES)
def test_of_two_admins_removed_at_once_one_remains(two_admins, race):
    outcomes = run_threads(jobs(two_admins, race), lock=True)
    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "error"], outcomes
    [refusal] = [o for o in outcomes if o.startswith("error")]
    assert "The last administrator cannot stop being one." in refusal or (
        "You are the only administrator" in refusal
    ), refusal
    assert admins_left() == 1


@pytest.mark.parametrize("race", RACES)
def test_without_the_lock_the_same_race_leaves_no_admin(two_admins, race, monkeypatch):
    # Proof that the tests above can fail: the pause alone lets both count two admins.
    from eventapp.accounts import admins

    monkeypatch.setattr(admins, "lock_admins", admins.lock_admins)  # the worker replaces it
    outcomes = run_threads(jobs(two_admins, race), lock=False)
    assert admins_left() == 0, outcomes
