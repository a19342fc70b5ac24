"""At most one "a person will answer here soon" per few minutes per conversation.

Why: while a conversation waits for a person the bot is paused, and a user who writes
then must not hear silence (did it arrive? is anyone there?) nor a notice for every
message (a flood, on WhatsApp a buzz each). So the first message gets the notice, the
next ones within ``seconds`` do not; nor do messages within ``seconds`` of a person's
own reply (the user is talking with them). ``TICKFIX_WAITING_NOTICE_SECONDS`` sets the
quiet time (300 by default; 0 sends the notice for every message).

Counted per process: with several Rasa servers a user may get one notice from each.
"""

import os
import threading
import time
from collections import OrderedDict
from typing import Callable, Mapping, Optional

DEFAULT_SECONDS = 300.0
ENV_SECONDS = "TICKFIX_WAITING_NOTICE_SECONDS"


def seconds_from_env(env: Optional[Mapping[str, str]] = None) -> float:
    """The quiet time from the environment; the default when unset or not a number >= 0."""
    env = os.environ if env is None else env
    raw = (env.get(ENV_SECONDS) or "").strip()
    try:
        value = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS
    return value if value >= 0 and value == value and value != float("inf") else DEFAULT_SECONDS


class WaitingNotices:
    """Remembers when each conversation last got the notice (at most ``max_items``)."""

    def __init__(
        self,
        seconds: float = DEFAULT_SECONDS,
        clock: Callable[[], float] = time.time,
        max_items: int = 20000,
    ) -> None:
        self.seconds = max(0.0, float(seconds))
        self._clock = clock
        self._max_items = max(1, int(max_items))
        self._last: "OrderedDict[str, float]" = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "WaitingNotices":
        return cls(seconds_from_env(env))

    def claim(self, conversation_id: str, last_agent_reply_at: Optional[float] = None) -> bool:
        """True when the notice is due now, and then counts it as sent."""
        now = self._clock()
        key = str(conversation_id)
        with self._lock:
            if self.seconds > 0:
                if last_agent_reply_at is not None and now - last_agent_reply_at < self.seconds:
                    return False
                last = self._last.get(key)
                if last is not None and now - last < self.seconds:
                    return False
            self._last[key] = now
            self._last.move_to_end(key)
            while len(self._last) > self._max_items:
                self._last.popitem(last=False)
            return True

    def forget(self, conversation_id: str) -> None:
        """Start afresh for this conversation (e.g. when it is handed back)."""
        with self._lock:
            self._last.pop(str(conversation_id), None)
