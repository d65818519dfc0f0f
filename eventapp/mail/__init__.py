"""Outgoing mail: an outbox written with the data, delivered by `flask send-mail`."""
