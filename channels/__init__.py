"""Tickfix's messaging channels for Rasa 3.6.

* ``channels.whatsapp.WhatsAppInput``: WhatsApp Cloud API (Meta), name ``whatsapp``.
* ``channels.twilio_whatsapp.TwilioWhatsAppInput``: WhatsApp through Twilio,
  name ``twilio_whatsapp``.
* ``channels.rest.GuardedRestInput`` and ``channels.socketio.GuardedSocketIOInput``:
  Rasa's ``rest`` and ``socketio`` channels behind the slash guard.

See docs/channels.md (it lists every module). Modules are imported lazily by
Rasa from credentials.yml; importing this package alone does not import Rasa.
"""
