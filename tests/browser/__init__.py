"""Browser tests: the public pages in Chromium."""
