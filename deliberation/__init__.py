"""Facilitation on top of consult: sessions, room mode, facilitator capture
and moderated discussion."""
