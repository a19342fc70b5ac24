"""Contracts: the names two parts of Tickfix agree on, written once.

Why: plain Python with no Rasa, imported by the channels (which write a message's
metadata), the actions and the agent view (which read it), so a key is spelled in one
place. ``contracts.metadata``: the metadata keys and ``UserHints``.
"""
