"""Tickfix as a Chatwoot Agent Bot: read Chatwoot's webhooks, answer and hand off through its API.

Why: many WhatsApp teams already answer their customers in Chatwoot, the open-source
inbox. Run as its agent bot, Tickfix answers first; when the user asks for a person
(or the causes run out) the conversation is set "open" for the team's agents with the
summary as a private note, and the bot stays quiet in it from then on. Plain Python
with no Rasa imports: the Rasa input channel (channels/chatwoot/input.py) and the handoff
action both build on it.

* ``ChatwootSettings.from_env()``: CHATWOOT_URL, CHATWOOT_BOT_TOKEN, CHATWOOT_ACCOUNT_ID,
  CHATWOOT_WEBHOOK_TOKEN (and retry tuning); ``None`` when Chatwoot is off.
* ``parse_event(payload, account_id)``: a ``ChatwootMessage`` to answer, or ``Ignored``.
* ``ChatwootClient``: replies, private notes, status changes, with retries; returns an
  ``Outcome``, never raises.
* ``hand_off(settings, account_id, conversation_id, note_text)`` -> ``HandoffOutcome``.
* ``handoff_from_metadata(metadata, note_text, sender_id=None)`` -> ``HandoffOutcome``
  or ``None`` (not a Chatwoot conversation, or Chatwoot not configured): what an action
  calls.
* ``ConversationRef``: the sender id ``chatwoot:<account>:<conversation>``.
* ``buttons``/``choices``: input_select options, or numbered choices mapped back.
"""

from chatwoot.client import ChatwootClient, Outcome
from chatwoot.conversation import ConversationRef
from chatwoot.events import ChatwootMessage, Ignored, parse_event
from chatwoot.handoff import HandoffOutcome, hand_off, handoff_from_metadata
from chatwoot.settings import ChatwootSettings

__all__ = [
    "ChatwootClient",
    "ChatwootMessage",
    "ChatwootSettings",
    "ConversationRef",
    "HandoffOutcome",
    "Ignored",
    "Outcome",
    "hand_off",
    "handoff_from_metadata",
    "parse_event",
]
