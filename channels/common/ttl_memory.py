"""Small in-memory maps whose entries expire, bounded in size.

Why: the channels remember a few things for a while (message ids, offered
choices, long button payloads, notices sent) without a database; expiry and
a size cap keep that memory from growing with traffic. Per process: several
Rasa processes each have their own.
"""

import time
from collections import OrderedDict
from typing import Any, Callable, Hashable, Tuple


class TTLDict:
    """A small bounded mapping whose entries expire; oldest entries go first."""

    def __init__(
        self,
        ttl_seconds: float,
        max_items: int = 10000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = float(ttl_seconds)
        self.max_items = max(1, int(max_items))
        self._clock = clock
        self._data: "OrderedDict[Hashable, Tuple[float, Any]]" = OrderedDict()

    def _purge(self) -> None:
        now = self._clock()
        while self._data:
            key, (expires, _) = next(iter(self._data.items()))
            if expires > now:
                break
            self._data.popitem(last=False)

    def set(self, key: Hashable, value: Any) -> None:
        self._purge()
        self._data.pop(key, None)
        self._data[key] = (self._clock() + self.ttl, value)
        while len(self._data) > self.max_items:
            self._data.popitem(last=False)

    def get(self, key: Hashable, default: Any = None) -> Any:
        self._purge()
        item = self._data.get(key)
        return default if item is None else item[1]

    def pop(self, key: Hashable, default: Any = None) -> Any:
        self._purge()
        item = self._data.pop(key, None)
        return default if item is None else item[1]

    def __contains__(self, key: Hashable) -> bool:
        self._purge()
        return key in self._data

    def __len__(self) -> int:
        self._purge()
        return len(self._data)


class TTLSet(TTLDict):
    """Remembers keys for a while; ``add_if_new`` says whether a key is new."""

    def add_if_new(self, key: Hashable) -> bool:
        if key in self:
            return False
        self.set(key, True)
        return True
