"""The WhatsApp Cloud API channel (Meta, direct): input, payload, output, buttons, settings.

Why a package: one provider's wire format in one place. ``input.WhatsAppInput`` is the
channel (credentials.yml); the rest is what only Meta's API needs. What it shares with
the other channels is in channels/common.
"""
