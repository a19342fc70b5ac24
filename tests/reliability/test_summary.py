"""Last: every message accepted during the suite is still in its tracker, and the
summary (also printed at the end of the run)."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.reliability.support import missing_from_trackers

pytestmark = pytest.mark.reliability


def test_no_accepted_message_was_lost(stack: Dict[str, Any], ledger: Any) -> None:
    """Checked again at the end: a message kept once must still be there after the
    later faults (PostgreSQL restarts, action server restarts)."""
    lost = missing_from_trackers(stack["base"], ledger.accepted)
    for item in lost:
        if item not in ledger.lost:
            ledger.lost.append(item)
    ledger.checked_at_end = True
    print("\n" + ledger.summary())
    assert ledger.lost == [], ledger.lost[:10]
