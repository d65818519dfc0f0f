"""Why a backup or a restore did not happen, said to the person at the command line."""


class BackupError(Exception):
    """A backup or a restore refused or failed; the database was left as it was."""
