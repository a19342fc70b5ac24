"""Failure watch: every failed WhatsApp message the business sends, diagnosed and kept.

Why a package of its own: the same work serves the live webhooks (channels/), the
report page and an offline reader of a webhook log, so it is plain Python with no Rasa
imports. One idea per module:

* ``events``: what is kept (a failure, an account event) and the retry advice names;
* ``meta`` and ``twilio``: Meta's status webhooks and Twilio's status callbacks read
  into events;
* ``diagnose``: each failure's cause (diagnosis.classify) and retry advice (RETRY_RULES);
* ``settings``: where the store is and how long it keeps things (TICKFIX_WATCH_*);
* ``store``: the SQL tables, idempotent batched writes and the retention purge;
* ``queries``: counts by cause, one recipient's failures, the day/campaign summary and
  the retry table;
* ``writer``: the bounded queue and the background thread that writes it in batches;
* ``report``, ``text_report``, ``page``: the report, as text and as an HTML page;
* ``offline``: the report from a JSON-lines webhook log (``python -m failure_watch``).
"""

from failure_watch.events import ADVICES, AccountEvent, Failure

__all__ = ["ADVICES", "AccountEvent", "Failure"]
