"""Registrations: places never sold twice, waiting lists, session choices and invitations."""
