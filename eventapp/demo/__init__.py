"""Demo data for `flask --app eventapp seed-demo`."""
