"""One address, however it is written: the key of every per-address limit.

`A+tag@Example.org` and `a@example.org` reach the same inbox, so they count as one. At Gmail
(`gmail.com`, `googlemail.com`) dots in the local part are ignored too (`a.b@` = `ab@`), as Google
delivers them to the same inbox; elsewhere a dot may make another address, so it stays.
"""

from __future__ import annotations

DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalised(email: str) -> str:
    """The address as limits compare it: lower case, without a +tag (nor Gmail's dots)."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return domain  # not an address: compared as typed, lower-cased
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"
