"""privacy/retention.py and channels/backoffice/housekeeping.py: erasing on request, idle
conversations after the retention period, the oldest events past the cap; on the real
SQL tracker store Rasa writes (SQLite), other conversations untouched."""

import asyncio
import time

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.backoffice.housekeeping import HousekeepingInput, run_once
from privacy.retention import (
    DAY_SECONDS,
    RetentionSettings,
    cap_events,
    forget,
    purge_idle,
    sql_engine,
)

DOMAIN = Domain.from_yaml("slots:\n  cause:\n    type: any\n    mappings:\n    - type: custom\n")


@pytest.fixture
def store(tmp_path):
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "conversations.db"))


def save(store, sender, turns, at=None, then=None):
    """``turns`` turns at ``at`` (now when None), and one more at ``then`` when given."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    stamps = [None if at is None else at + i for i in range(turns)] + ([then] if then else [])
    for i, stamp in enumerate(stamps):
        tracker.update(UserUttered(f"message {i} from {sender}", timestamp=stamp))
        tracker.update(SlotSet("cause", "payment_issue", timestamp=stamp))
        tracker.update(ActionExecuted("action_listen", timestamp=stamp))
    asyncio.run(store.save(tracker))


def count(store, sender):
    tracker = asyncio.run(store.retrieve_full_tracker(sender))
    return 0 if tracker is None else len(tracker.events)


def test_forget_erases_one_conversation_only(store):
    save(store, "5511987654321", 2)
    save(store, "someone-else", 2)
    assert forget(store.engine, "5511987654321") == 6
    assert count(store, "5511987654321") == 0 and count(store, "someone-else") == 6
    assert forget(store.engine, "5511987654321") == 0  # twice is harmless


def test_idle_conversations_are_purged_after_the_retention_period(store):
    now = time.time()
    save(store, "old", 2, at=now - 40 * DAY_SECONDS)
    save(store, "recent", 2, at=now - 2 * DAY_SECONDS)
    save(store, "old-but-came-back", 1, at=now - 40 * DAY_SECONDS, then=now - 60)
    assert purge_idle(store.engine, 30 * DAY_SECONDS, now) == 6
    assert count(store, "old") == 0
    assert count(store, "recent") == 6 and count(store, "old-but-came-back") == 6
    assert purge_idle(store.engine, 0, now) == 0  # 0: keep forever


def test_a_long_conversation_keeps_its_newest_events(store):
    save(store, "flood", 100)  # 300 events
    save(store, "calm", 3)
    assert cap_events(store.engine, 50) == 250
    assert count(store, "flood") == 50 and count(store, "calm") == 9
    tracker = asyncio.run(store.retrieve_full_tracker("flood"))
    assert tracker.latest_message.text == "message 99 from flood"  # the newest stay
    assert cap_events(store.engine, 0) == 0


def test_an_empty_store_is_fine(tmp_path):
    empty = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "empty.db"))
    assert forget(empty.engine, "x") == 0 and purge_idle(empty.engine, 1, time.time()) == 0
    assert cap_events(empty.engine, 1) == 0


def test_the_engine_is_found_behind_rasas_wrappers(store):
    assert sql_engine(FailSafeTrackerStore(store)) is store.engine
    assert sql_engine(object()) is None and sql_engine(None) is None


def test_settings_from_the_environment():
    assert RetentionSettings.from_env({}) == RetentionSettings(30.0, 5000)
    assert RetentionSettings.from_env({"TICKFIX_RETENTION_DAYS": "7", "TICKFIX_MAX_EVENTS": "0"}) == RetentionSettings(
        7.0, 0
    )
    assert RetentionSettings.from_env({"TICKFIX_RETENTION_DAYS": "soon"}).retention_days == 30.0


def test_one_housekeeping_run(store):
    now = time.time()
    save(store, "old", 1, at=now - 10 * DAY_SECONDS)
    save(store, "flood", 10)
    counts = run_once(store.engine, RetentionSettings(retention_days=7, max_events=12), now)
    assert counts == {"idle_events_removed": 3, "capped_events_removed": 18}


def test_the_scheduled_job_runs_in_the_server_loop(store):
    class App:
        class ctx:
            agent = type("Agent", (), {"tracker_store": FailSafeTrackerStore(store)})()

    save(store, "old", 1, at=time.time() - 40 * DAY_SECONDS)
    job = HousekeepingInput(RetentionSettings(30, 0), period=0.05, first_run_after=0)

    async def run_a_little():
        task = asyncio.get_running_loop().create_task(job._loop(App))
        await asyncio.sleep(0.3)
        task.cancel()

    asyncio.run(run_a_little())
    assert job.runs >= 2 and count(store, "old") == 0
