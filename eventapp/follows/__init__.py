"""Following a series, topic, site, organisation or speaker, and the mail about new events."""
