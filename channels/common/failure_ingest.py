"""The failure watch on the webhooks: statuses and account changes handed to its writer.

Why a module of its own: the WhatsApp and Twilio channels both feed the same watch
(failure_watch/, plain Python), and only this glue knows Sanic. A verified webhook's
failed statuses and account changes go on the watch's bounded queue (never blocking the
event loop: the 200 goes out at once and the chat is not slowed); a background thread
diagnoses and writes them in batches. When the queue is full (the database slow or
down) the webhook answers 503 with Retry-After, so Meta or Twilio delivers again later,
and it is logged: nothing is dropped silently. The writer starts with the Sanic server
and writes what is queued when it stops.

``TICKFIX_WATCH=off`` turns it off: statuses are then only logged, as before.
"""

import asyncio
import logging
from typing import Any, Dict, List, Optional

from sanic import Blueprint, response
from sanic.response import HTTPResponse

from failure_watch import meta, settings, twilio
from failure_watch.store import Store
from failure_watch.writer import Writer

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class FailureIngest:
    """What a channel calls; a no-op when the watch is off (``writer`` None)."""

    def __init__(self, writer: Optional[Writer]) -> None:
        self.writer = writer

    @property
    def enabled(self) -> bool:
        return self.writer is not None

    def offer_meta(self, payload: Any) -> bool:
        """Queue a Meta webhook body's failures and account events; False: answer 503."""
        if self.writer is None or not meta.has_events(payload):
            return True
        return self._offer(meta.parse(payload))

    def offer_twilio(self, form: Dict[str, List[str]]) -> bool:
        """Queue a Twilio status callback's failure; False: answer 503."""
        if self.writer is None:
            return True
        return self._offer(twilio.parse(form))

    def _offer(self, events: List[Any]) -> bool:
        assert self.writer is not None
        if events and not self.writer.running:  # normally started with the server (attach)
            self.writer.start()
        return self.writer.offer(events)

    @staticmethod
    def busy() -> HTTPResponse:
        """The answer when the queue is full: the provider delivers again later."""
        return response.json(
            {"error": "busy: failure watch queue full, deliver again later"},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    def attach(self, bp: Blueprint) -> None:
        """Start the writer with the server; write what is queued when it stops."""
        writer = self.writer
        if writer is None:
            return

        @bp.listener("after_server_start")
        async def start_failure_watch(*_: Any) -> None:
            writer.start()

        @bp.listener("before_server_stop")
        async def stop_failure_watch(*_: Any) -> None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, writer.stop, 10.0)


_SHARED: Optional[FailureIngest] = None


def shared_ingest() -> FailureIngest:
    """The process's one watch (both channels share its queue, writer and store)."""
    global _SHARED
    if _SHARED is None:
        config = settings.from_env()
        if not config.enabled:
            logger.info("Failure watch is off (TICKFIX_WATCH=off): failed statuses are only logged.")
            _SHARED = FailureIngest(None)
        else:
            logger.info("Failure watch: failures stored in %s, kept %g days.", config.describe(), config.retention_days)
            _SHARED = FailureIngest(
                Writer(lambda: Store.from_settings(config), max_queue=config.queue_size, batch_size=config.batch_size)
            )
    return _SHARED
