"""The Twilio WhatsApp channel: input, form payload, output, numbered choices, settings.

Why a package: one provider's wire format in one place. ``input.TwilioWhatsAppInput`` is
the channel (credentials.yml); buttons become numbered choices (``choices``), kept where
every instance sees them (``choice_store``). Shared parts are in channels/common.
"""
