"""The duplicate filter (channels/dedupe.py)."""

from channels.dedupe import DuplicateFilter


def test_an_id_is_new_once_and_missing_ids_always_are() -> None:
    seen = DuplicateFilter(ttl_seconds=60)
    assert seen.is_new("wamid.1") and not seen.is_new("wamid.1") and seen.is_new("wamid.2")
    assert seen.is_new(None) and seen.is_new(None) and seen.is_new("")
