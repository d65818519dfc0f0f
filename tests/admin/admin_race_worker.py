"""An admin removed from their own process (or thread), as a second server would do it."""

from __future__ import annotations

from own_app import in_own_app
from support import wait


def remove_admin_once(
    database_url: str, action: str, user_id: int, pause: float, lock: bool, barrier=None
) -> str:
    """Take the admin role from user `user_id` (`unmake`) or delete their account (`erase`)
    through a fresh app; returns "done" or the refusal.

    With a `barrier`, every worker starts at the same moment, however long each took to start.
    """
    from flask import current_app
    from sqlalchemy import select

    from eventapp.accounts import admins, services
    from eventapp.accounts.models import User
    from eventapp.extensions import clock, db
    from eventapp.personal import erasure
    from eventapp.settings import settings_of

    if not lock:  # the test that proves the race is real counts without the lock

        def count_only(session):
            return list(session.scalars(select(User.id).where(User.role == "admin")))

        admins.lock_admins = count_only

    def work() -> str:
        if barrier is not None:
            barrier.wait(timeout=120)
        user = db.session.get(User, user_id)
        if action == "unmake":
            services.set_admin(user, False, pause=lambda: wait(pause))
        else:
            settings = settings_of(current_app)
            erasure.erase_account(
                user, now=clock.now(), settings=settings, pause=lambda: wait(pause)
            )
        return "done"

    return in_own_app(database_url, work, EVENTAPP_BASE_URL="https://events.example.org")
