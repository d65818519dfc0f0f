"""The organiser workspace: create, edit, publish, move and cancel events and their timetables."""
