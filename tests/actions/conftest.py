"""Fixtures for running actions in-process against the real domain.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    domain: Dict[str, Any],
    text: str = "",
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    intent: str = "report_problem",
    metadata: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker as Rasa would send it: every domain slot present, latest message set."""
    values = {name: None for name in domain["slots"]}
    values["language"] = "en"  # the conversation so far was in English, unless slots say
    values.update(slots or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id="test-user",
        slots=values,
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture(autouse=True)
def no_handoff_webhook(monkeypatch):
    """The handoff tests choose the webhook themselves; a developer's own setting must not leak in."""
    for name in ("HANDOFF_WEBHOOK_URL", "HANDOFF_WEBHOOK_SECRET", "TICKFIX_AGENT_URL"):
        monkeypatch.delenv(name, raising=False)


ACCOUNT_ENV = (
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_BUSINESS_ACCOUNT_ID",
    "WHATSAPP_APP_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_API_BASE",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_API_BASE",
    "TICKFIX_ACCOUNT_CHECKS",
)


@pytest.fixture(autouse=True)
def no_account_checks(monkeypatch):
    """The live account checks are off unless a test points them at the stand-in."""
    for name in ACCOUNT_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_failure_watch(monkeypatch):
    """The failure watch's store is off unless a test gives one (actions/failures.py)."""
    from actions import failures

    monkeypatch.setattr(failures, "_STORE", {"store": None})


@pytest.fixture
def standin(monkeypatch):
    """The Graph API and Twilio stand-in, with the environment that points the checks at it."""
    from tests.support.graph_account_standin import GraphAccountStandIn

    server = GraphAccountStandIn()
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    yield server
    server.close()


def run(action, dispatcher, tracker, domain):
    """An action run as the action server would, its events returned."""
    import asyncio

    return asyncio.run(action.run(dispatcher, tracker, domain))
