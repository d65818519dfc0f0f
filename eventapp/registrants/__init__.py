"""The organiser's side of registrations: who is coming (list, CSV), the door, and messages."""
