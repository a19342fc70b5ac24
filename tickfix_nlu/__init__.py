"""Tickfix's own NLU components for Rasa (the Rasa side of diagnosis.conversation)."""
