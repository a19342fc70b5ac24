"""The Twilio WhatsApp channel: input, form payload, output, sending, numbered choices, settings.

Why a package: one provider's wire format in one place. ``input.TwilioWhatsAppInput`` is
the channel (credentials.yml); replies are sent with Twilio's own client (``sending``);
buttons become numbered choices (``choices``), kept where every instance sees them
(``choice_store``). Shared parts are in channels/common.
"""
