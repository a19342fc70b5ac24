"""scripts/forget.py (make forget): erases one conversation's events, leaves the others."""

import asyncio
import subprocess
import sys

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from scripts import forget
from tests.support.servers import ROOT, base_env

DOMAIN = Domain.from_yaml("slots:\n  cause:\n    type: any\n    mappings:\n    - type: custom\n")


def _store(db):
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))


def _save(db, sender, turns):
    store = _store(db)
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for i in range(turns):
        tracker.update(UserUttered(f"message {i} from {sender}"))
        tracker.update(SlotSet("cause", "payment_issue"))
        tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    return 3 * turns


def _events(db, sender):
    tracker = asyncio.run(_store(db).retrieve_full_tracker(sender))
    return [] if tracker is None else list(tracker.events)


def _run(db, *args):
    env = base_env({"TRACKER_DB": str(db), "ENDPOINTS": "endpoints.yml"})
    return subprocess.run(
        [sys.executable, "scripts/forget.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_forget_removes_one_conversation_and_leaves_the_others(tmp_path):
    db = tmp_path / "conversations.db"
    n = _save(db, "15551230001", 2)
    kept = _save(db, "15551230002", 3)
    _save(db, "155512300011", 1)  # a sender id that starts like the forgotten one
    before = _events(db, "15551230002")

    result = _run(db, "15551230001")
    assert result.returncode == 0, result.stderr
    assert f"Removed {n} events of conversation '15551230001'" in result.stdout

    assert _events(db, "15551230001") == []
    assert _events(db, "15551230002") == before and len(before) == kept
    assert len(_events(db, "155512300011")) == 3

    again = _run(db, "15551230001")
    assert again.returncode == 0 and "Removed 0 events" in again.stdout


def test_sender_from_the_environment_as_make_passes_it(tmp_path):
    db = tmp_path / "conversations.db"
    _save(db, "web-user", 1)
    env = base_env({"TRACKER_DB": str(db), "ENDPOINTS": "endpoints.yml", "SENDER": "web-user"})
    result = subprocess.run(
        ["make", "--no-print-directory", "forget"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Removed 3 events of conversation 'web-user'" in result.stdout
    assert _events(db, "web-user") == []


def test_no_sender_is_an_error_and_a_missing_database_is_not_created(tmp_path):
    db = tmp_path / "absent.db"
    assert _run(db).returncode == 2
    result = _run(db, "someone")
    assert result.returncode == 0 and "No conversation store" in result.stdout
    assert not db.exists()


def test_production_url_is_built_as_rasa_builds_it():
    url = forget.database_url(
        {
            "dialect": "postgresql",
            "url": "127.0.0.1",
            "port": 5432,
            "db": "tickfix",
            "username": "tickfix",
            "password": "pw",
        }
    )
    assert str(url) == "postgresql://tickfix:pw@127.0.0.1:5432/tickfix"
