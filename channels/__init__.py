"""Tickfix's messaging channels for Rasa 3.6, a package per idea.

Why: Rasa loads the input channels named in credentials.yml; each provider's channel
is a package, and what they share is in ``common``:

* ``meta``: WhatsApp Cloud API (``channels.meta.input.WhatsAppInput``, name ``whatsapp``);
* ``twilio``: WhatsApp through Twilio (``channels.twilio.input.TwilioWhatsAppInput``);
* ``chatwoot``: Tickfix as a Chatwoot Agent Bot (``channels.chatwoot.input.ChatwootInput``);
* ``guarded``: Rasa's own ``rest`` and ``socketio`` channels behind the guards;
* ``backoffice``: the team's side, no user messages: the agent view (``/agent``), the
  failure report (``/report``), the scheduled erasing of old conversations;
* ``common``: what several channels share (webhook handling, never silent, limits,
  replies, settings, signatures, the state shared across instances);
* ``rasa_patches``: every change made to Rasa's own objects, installed from
  ``GuardedRestInput.from_credentials`` and, per agent, from never_silent; with
  ``rasa_speedups``, the ones that only make Rasa's turn cheaper (same results).

See docs/channels.md (it lists every module). Modules are imported lazily by
Rasa from credentials.yml; importing this package alone does not import Rasa.
"""
