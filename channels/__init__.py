"""Tickfix's messaging channels for Rasa 3.6.

* ``channels.whatsapp.WhatsAppInput``: WhatsApp Cloud API (Meta), name ``whatsapp``.
* ``channels.twilio_whatsapp.TwilioWhatsAppInput``: WhatsApp through Twilio,
  name ``twilio_whatsapp``.

See docs/channels.md. Modules are imported lazily by Rasa from credentials.yml;
importing this package alone does not import Rasa.
"""
