"""Telling a source's hosts that its syncs keep failing (once per run of failures) and, when a
sync works again, that it is back to normal. The mail goes through the outbox, in each
recipient's language, in the sync's transaction."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.accounts.organisers import organisers_of
from eventapp.imports.models import Source
from eventapp.mail.services import queue_mail
from eventapp.settings import Settings

# Failed syncs in a row before the hosts hear of it; a good sync starts the count again.
FAILURES_BEFORE_MAIL = 3


def tell_hosts(
    source: Source, errors: list[str], *, failures_before: int, now: datetime, settings: Settings
) -> int:
    """Queue the mail a sync calls for, if any, to the organisers of the source's organisation;
    returns how many were queued. `failures_before` is the count before this sync."""
    if source.failures == FAILURES_BEFORE_MAIL:
        template = "source_failing"
    elif source.failures == 0 and failures_before >= FAILURES_BEFORE_MAIL:
        template = "source_recovered"
    else:
        return 0
    people = organisers_of(source.organisation)
    for user in people:
        lang = user.language
        with force_locale(lang):
            if template == "source_failing":
                subject = _("Imported calendar failing: %(name)s", name=source.name)
            else:
                subject = _("Imported calendar working again: %(name)s", name=source.name)
            # The engine's fixed reasons are in the catalogue; a server's own words stay as said.
            reasons = [_(error) for error in errors]
        queue_mail(
            user.email, template, lang, now=now, settings=settings, subject=subject,
            user=user, source=source, failures=source.failures, reasons=reasons,
            sources_url=settings.absolute(f"/{lang}/workspace/sources"),
        )  # fmt: skip
    return len(people)
