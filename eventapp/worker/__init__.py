"""`flask --app eventapp worker`: one process that runs everything that is due (jobs.py)."""
