"""The scheduled erasing of stored conversations: idle ones after the retention period,
and the oldest events of a conversation past the cap (privacy/retention.py).

Why here: it must run inside the Rasa server, next to the tracker store it cleans, with
no extra process to deploy. Rasa 3.6 lets custom code into its server only as an input
channel, so this is a channel without routes: its blueprint only starts a background
task when the server starts and stops it when the server stops. Several instances may
run it at once: deleting what another instance already deleted is harmless.

Settings (environment): TICKFIX_RETENTION_DAYS (30; 0 keeps conversations forever),
TICKFIX_MAX_EVENTS (5000 per conversation; 0: no cap), TICKFIX_HOUSEKEEPING_SECONDS
(3600: how often it runs; the first run is a minute after start). A store that is not
SQL (e.g. Redis, which expires keys itself) is left alone, with one log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint

from privacy.retention import DAY_SECONDS, RetentionSettings, cap_events, purge_idle, sql_engine

logger = logging.getLogger(__name__)

PERIOD_ENV = "TICKFIX_HOUSEKEEPING_SECONDS"
DEFAULT_PERIOD = 3600.0
FIRST_RUN_AFTER = 60.0


def run_once(engine: Any, settings: RetentionSettings, now: Optional[float] = None) -> Dict[str, int]:
    """One pass: erase idle conversations, then trim long ones. Blocking; returns the counts."""
    now = time.time() if now is None else now
    purged = purge_idle(engine, settings.retention_days * DAY_SECONDS, now)
    trimmed = cap_events(engine, settings.max_events)
    return {"idle_events_removed": purged, "capped_events_removed": trimmed}


class HousekeepingInput(InputChannel):
    """No routes: the scheduled clean-up of the tracker store (see the module's doc)."""

    @classmethod
    def name(cls) -> Text:
        return "housekeeping"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "HousekeepingInput":
        return cls()

    def __init__(
        self,
        settings: Optional[RetentionSettings] = None,
        period: Optional[float] = None,
        first_run_after: float = FIRST_RUN_AFTER,
    ) -> None:
        self.settings = settings or RetentionSettings.from_env()
        try:
            self.period = period if period is not None else float(os.environ.get(PERIOD_ENV) or DEFAULT_PERIOD)
        except ValueError:
            self.period = DEFAULT_PERIOD
        self.first_run_after = first_run_after
        self._task: Optional[asyncio.Task] = None
        self.runs = 0

    def url_prefix(self) -> Text:
        return "/housekeeping"

    async def tick(self, app: Any) -> None:
        agent = getattr(app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        engine = sql_engine(store)
        if engine is None:
            if store is not None and self.runs == 0:
                logger.info("Housekeeping: the tracker store is not SQL; conversations are not purged here.")
            self.runs += 1
            return
        loop = asyncio.get_running_loop()
        counts = await loop.run_in_executor(None, run_once, engine, self.settings)
        self.runs += 1
        if any(counts.values()):
            logger.info(
                "Housekeeping: %(idle_events_removed)d events of idle conversations erased, "
                "%(capped_events_removed)d old events of long conversations.",
                counts,
            )

    async def _loop(self, app: Any) -> None:
        await asyncio.sleep(self.first_run_after)
        while True:
            try:
                await self.tick(app)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the next run tries again
                logger.warning("Housekeeping: this run failed: %s", type(e).__name__)
            await asyncio.sleep(self.period)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("tickfix_housekeeping", __name__)
        channel = self

        @bp.listener("after_server_start")
        async def start(app: Any, _: Any) -> None:
            if channel.settings.retention_days <= 0 and channel.settings.max_events <= 0:
                logger.info("Housekeeping: off (TICKFIX_RETENTION_DAYS=0 and TICKFIX_MAX_EVENTS=0).")
                return
            channel._task = asyncio.get_running_loop().create_task(channel._loop(app))

        @bp.listener("before_server_stop")
        async def stop(*_: Any) -> None:
            if channel._task is not None:
                channel._task.cancel()

        return bp
