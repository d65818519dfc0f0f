"""A person's data (GDPR / UK GDPR): the privacy page, its export, and its erasure."""
