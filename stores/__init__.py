"""Rasa store classes Tickfix adds for running several servers (see docs/production.md)."""
