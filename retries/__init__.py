"""Retries: one policy and one loop (tenacity) for every call that may fail now and then.

Why: plain Python with no Rasa and no channels, so the channels (Graph API, Twilio),
the Chatwoot client, the handoff notification and the failure watch share it, in the
Rasa image and the action server's image alike.

* ``RetryPolicy(attempts, base_delay, max_delay, timeout, jitter, within)``
* ``Attempt(value, retry, retry_after)``: what one try gave
* ``call(attempt, policy, on_retry=None, sleep=None)`` in a thread,
  ``await call_async(...)`` on the event loop: the last ``Attempt``; never raises for a
  failed try
"""

from retries.policy import Attempt, OnRetry, RetryPolicy, call, call_async

__all__ = ["Attempt", "OnRetry", "RetryPolicy", "call", "call_async"]
