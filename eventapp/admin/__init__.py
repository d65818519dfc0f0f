"""The admin area: people and their roles, and the reference data events refer to."""
