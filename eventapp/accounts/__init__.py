"""Accounts: people, their roles and organisations, sign-up, log-in and API tokens."""
