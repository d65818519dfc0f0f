"""Events: the public list and event pages."""
