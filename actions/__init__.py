"""Tickfix's custom actions: thin translators between Rasa and the `diagnosis` package.

Each module holds one action (or one form's validation); the wording of replies lives
in `messages`, the knowledge in `diagnosis`.
"""
