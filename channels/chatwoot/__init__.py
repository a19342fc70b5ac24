"""The Chatwoot Agent Bot channel: the Rasa side of the plain-Python ``chatwoot`` package.

Why a package: like the WhatsApp providers, an input (``input.ChatwootInput``, in
credentials.yml), an output and settings; events, API client and handoff are in the
top-level ``chatwoot/`` package, which knows no Rasa.
"""
