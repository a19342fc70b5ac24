"""What several channels share: webhook handling, never silent, limits, replies, state.

Why a package: the WhatsApp, Twilio and Chatwoot channels differ only in their wire
format; the rest must behave the same on all of them (and partly on REST and
socket.io). By idea:

* a webhook's life: ``webhook_input`` (the base class), ``inbound``, ``signatures``,
  ``attachments``, ``dedupe``, ``ordering``, ``failure_ingest``;
* every message: ``never_silent``, ``rate_limit``, ``input_limits``, ``slash_guard``,
  ``sender_ids``;
* replies: ``compose``, ``delegating``, ``provider_output``, ``http_sender``, ``replies``,
  ``reply_language``, ``buttons``, ``text_limits``;
* settings and state: ``settings``, ``shared_redis``, ``ttl_memory``, ``phone_metadata``,
  ``json_shapes``.
"""
