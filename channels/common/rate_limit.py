"""The per-sender rate limit: a flooding sender is told to slow down once, then ignored.

Why: one sender (a script, a stuck client, a prankster) sending dozens of
messages a second would have each of them parsed by NLU, run through the
dialogue and stored, taking the CPU and the tracker store from everybody else.
Over the limit a message is dropped before Rasa sees it: the first dropped
message of a burst gets one "slow down" notice in the sender's language
(``channel.slow_down``), the rest of the burst is dropped without a word.
Other senders are not affected.

The limit is a sliding window per sender id: at most ``TICKFIX_RATE_BURST``
messages in any ``BURST / TICKFIX_RATE_PER_SECOND`` seconds (10 in 2 s by
default, i.e. 5 a second on average). Every message counts, dropped ones too,
so a sender who keeps flooding stays dropped until they ease off; the burst
ends (and a later one gets a notice again) when a message of theirs goes
through. Either setting at 0 turns the limit off. The window keeps at most
BURST times per sender, and a sender quiet for a whole window is forgotten
(ttl_memory), so memory is bounded by the number of recent senders.

Where: ``never_silent`` puts ``rate_limited`` in front of everything it does,
because every channel (REST, socket.io, WhatsApp, Twilio) hands its messages to
the dialogue through ``never_silent``: one place covers them all, and a
dropped message never reaches the apology logic (no "sorry, no reply" for it).
The webhook channels handle a sender's messages one at a time in the
background (channels/common/ordering.py), so they stamp each message with the time it
arrived (``stamp_arrival``) and the window uses that time, not the time the
message's turn came.

Per process, like the other in-memory helpers: with several instances behind a
load balancer (docs/production.md) each one counts on its own, so a sender
spread over N instances gets up to N times the limit.
"""

import asyncio
import logging
import os
import time
from collections import deque
from typing import Any, Awaitable, Callable, Deque, Optional, Text

from rasa.core.channels.channel import UserMessage

from channels.common.replies import slow_down
from channels.common.reply_language import sender_language
from channels.common.ttl_memory import TTLDict
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

RATE_ENV = "TICKFIX_RATE_PER_SECOND"
BURST_ENV = "TICKFIX_RATE_BURST"
DEFAULT_RATE = 5.0
DEFAULT_BURST = 10

# At most this many senders are remembered (the oldest are forgotten first).
MAX_SENDERS = 100000

# The attribute a channel sets on a UserMessage: when the message arrived (time.monotonic()).
_ARRIVAL_ATTRIBUTE = "tickfix_received_at"

# What ``RateLimiter.check`` says about a message.
PASS = "pass"  # hand it to the dialogue
NOTIFY = "notify"  # drop it, and tell the sender to slow down
DROP = "drop"  # drop it without a word

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class _Sender:
    __slots__ = ("times", "dropped")

    def __init__(self, burst: int) -> None:
        self.times: Deque[float] = deque(maxlen=burst)
        self.dropped = 0  # messages dropped since the last one that went through


class RateLimiter:
    """At most ``burst`` messages per sender in any ``burst / rate`` seconds."""

    def __init__(
        self,
        rate_per_second: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        clock: Callable[[], float] = time.monotonic,
        max_senders: int = MAX_SENDERS,
    ) -> None:
        self.rate = max(0.0, float(rate_per_second))
        self.burst = max(0, int(burst))
        self._clock = clock
        self.window = self.burst / self.rate if self.enabled else 0.0
        self._senders = TTLDict(max(self.window, 1e-3), max_items=max_senders, clock=clock)

    @property
    def enabled(self) -> bool:
        return self.rate > 0 and self.burst > 0

    @classmethod
    def from_env(cls) -> "RateLimiter":
        return cls(_env_number(RATE_ENV, DEFAULT_RATE), int(_env_number(BURST_ENV, DEFAULT_BURST)))

    def describe(self) -> Text:
        if not self.enabled:
            return "off"
        return f"{self.burst} messages in {self.window:g} s"

    def check(self, sender_id: Any, now: Optional[float] = None) -> Text:
        """PASS, NOTIFY (the first message dropped in a burst) or DROP; records the message."""
        if not self.enabled:
            return PASS
        now = self._clock() if now is None else now
        key = str(sender_id)
        state = self._senders.get(key)
        if state is None:
            state = _Sender(self.burst)
        times = state.times
        full = len(times) == self.burst and times[0] > now - self.window
        times.append(now)
        self._senders.set(key, state)  # remembered for one more window
        if not full:
            state.dropped = 0
            return PASS
        state.dropped += 1
        return NOTIFY if state.dropped == 1 else DROP

    def dropped(self, sender_id: Any) -> int:
        """How many messages of this sender were dropped since one went through."""
        state = self._senders.get(str(sender_id))
        return 0 if state is None else state.dropped

    def __len__(self) -> int:
        """How many senders are remembered."""
        return len(self._senders)


def _env_number(name: Text, default: float) -> float:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        logger.warning("%s is not a number (%r); using %s.", name, raw, default)
        return default
    if value < 0 or value != value or value == float("inf"):
        logger.warning("%s must be 0 or more (%r); using %s.", name, raw, default)
        return default
    return value


def stamp_arrival(message: UserMessage, when: Optional[float] = None) -> UserMessage:
    """Note when ``message`` arrived, for a channel that hands it on later."""
    setattr(message, _ARRIVAL_ATTRIBUTE, time.monotonic() if when is None else when)
    return message


def arrival(message: UserMessage) -> Optional[float]:
    """When the channel says ``message`` arrived; None when it does not say."""
    value = getattr(message, _ARRIVAL_ATTRIBUTE, None)
    return value if isinstance(value, (int, float)) else None


def rate_limited(
    on_new_message: OnNewMessage,
    limiter: RateLimiter,
    agent: Callable[[], Any],
    channel: Text = "channel",
) -> OnNewMessage:
    """``on_new_message`` behind ``limiter``: see the module's doc.

    ``agent`` returns Rasa's agent (for the sender's language), or None.
    """
    if not limiter.enabled:
        return on_new_message

    async def handle(message: UserMessage) -> Any:
        sender = message.sender_id
        verdict = limiter.check(sender, arrival(message))
        if verdict == PASS:
            return await on_new_message(message)
        logger.info(
            "%s: message from %s dropped: over the rate limit (%s; %d dropped in this burst)%s.",
            channel,
            mask_id(sender),
            limiter.describe(),
            limiter.dropped(sender),
            "; told to slow down" if verdict == NOTIFY else "",
        )
        if verdict == NOTIFY:
            await _tell_to_slow_down(message, agent, channel)
        return None

    return handle


async def _tell_to_slow_down(message: UserMessage, agent: Callable[[], Any], channel: Text) -> None:
    sender = message.sender_id
    try:
        try:
            current = agent()
        except Exception:
            current = None
        text = slow_down(await sender_language(current, sender, message.metadata))
    except asyncio.CancelledError:
        raise
    except Exception:  # English beats no notice
        text = slow_down()
    try:
        await message.output_channel.send_text_message(sender, text)
    except asyncio.CancelledError:
        raise
    except Exception as e:
        logger.error(
            "%s: the slow-down notice to %s could not be sent: %s",
            channel,
            mask_id(sender),
            type(e).__name__,
        )
