"""Expiring, bounded memory (channels/common/ttl_memory.py)."""

from channels.common.ttl_memory import TTLDict, TTLSet


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire() -> None:
    clock = Clock()
    d = TTLDict(10, clock=clock)
    d.set("a", 1)
    clock.now = 9.9
    assert d.get("a") == 1 and "a" in d and len(d) == 1
    clock.now = 10
    assert d.get("a", "gone") == "gone" and "a" not in d and len(d) == 0


def test_oldest_entries_go_first_when_full() -> None:
    d = TTLDict(60, max_items=2, clock=Clock())
    d.set("a", 1)
    d.set("b", 2)
    d.set("a", 3)  # setting again makes it the newest
    d.set("c", 4)
    assert d.get("b") is None and d.get("a") == 3 and d.pop("c") == 4 and d.pop("c") is None


def test_set_says_whether_a_key_is_new() -> None:
    clock = Clock()
    s = TTLSet(5, clock=clock)
    assert s.add_if_new("x") and not s.add_if_new("x")
    clock.now = 5
    assert s.add_if_new("x")
