"""Reference data: sites, organisations, venues, series, topics and people, and their pages."""
