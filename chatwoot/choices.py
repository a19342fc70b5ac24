"""Mapping a contact's answer back to the option it names.

Why: on WhatsApp through Chatwoot a tapped option arrives as an ordinary message with
the option's title, and where options are numbered in the text the contact writes
"2". The dialogue wants the button's payload, so the options last offered in each
conversation are remembered and the very next message is checked against them: a
title (any case), or, when they were numbered, its number. Only that next message
counts (a later "2" is just "2"), as with Twilio's numbered choices. Kept in memory,
per process, for ``ttl_seconds``.
"""

import re
import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable, List, Optional, Tuple

from chatwoot.buttons import Choice

_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class OfferedChoices:
    """The options last offered in each conversation, until its next message."""

    def __init__(
        self,
        ttl_seconds: float = 24 * 3600.0,
        max_items: int = 20000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.max_items = max_items
        self._clock = clock
        self._items: "OrderedDict[Hashable, Tuple[float, List[Choice], bool]]" = OrderedDict()
        self._lock = threading.Lock()

    def offer(self, key: Hashable, choices: List[Choice], numbered: bool) -> None:
        if not choices:
            return
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (self._clock() + self.ttl, list(choices), numbered)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def resolve(self, key: Hashable, text: str) -> Tuple[str, Optional[str]]:
        """(text for the dialogue, title of the option chosen or None); forgets the options."""
        with self._lock:
            entry = self._items.pop(key, None)
        if entry is None or entry[0] < self._clock():
            return text, None
        _, choices, numbered = entry
        match = _NUMBER.match(text or "")
        if numbered and match and 1 <= int(match.group(1)) <= len(choices):
            title, value = choices[int(match.group(1)) - 1]
            return value, title
        folded = (text or "").strip().casefold()
        for title, value in choices:
            if title.strip().casefold() == folded:
                return value, title
        return text, None
