"""What the worker tests share."""

from datetime import timedelta

HOLD = timedelta(minutes=1)  # as with EVENTAPP_GUEST_HOLD_MINUTES=1
