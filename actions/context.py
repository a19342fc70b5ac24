"""What the follow-up answers need to know about the user (time zone, country, now).

Why: "yesterday at 5pm" means different instants for different users; channels pass
hints in the message metadata (WhatsApp: from the user's number; REST: the caller),
read as the channels wrote them (contracts.metadata.UserHints).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from diagnosis.followup import questions
from diagnosis.followup.context import FollowupContext

from contracts.metadata import UserHints


def hints(tracker: Tracker) -> UserHints:
    """What the latest message's metadata says about the user and the text."""
    return UserHints.read((tracker.latest_message or {}).get("metadata"))


def user_text(tracker: Tracker) -> str:
    """What the user wrote: the whole paste when the channel cut it for NLU."""
    return hints(tracker).full_text or (tracker.latest_message or {}).get("text") or ""


def metadata_timezone(tracker: Tracker) -> Optional[str]:
    """The IANA time zone the channel sent (REST callers: `timezone`)."""
    return hints(tracker).time_zone


def metadata_country(tracker: Tracker) -> Optional[str]:
    """The user's country the channel sent (REST callers: `country`, ISO code)."""
    return hints(tracker).country


def metadata_locale(tracker: Tracker) -> Optional[str]:
    """The locale the channel sent ("pt-BR", "es_MX"; REST callers and the widget: `locale`)."""
    return hints(tracker).locale


def user_timezone(tracker: Tracker) -> Optional[str]:
    """The user's IANA time zone: from the slot, else from the message metadata."""
    return tracker.get_slot("user_timezone") or metadata_timezone(tracker)


def user_country(tracker: Tracker) -> Optional[str]:
    """The country the recipient numbers are most likely in, when anything says so."""
    answered = tracker.get_slot("recipient_country")
    if isinstance(answered, str) and answered:
        return answered
    return tracker.get_slot("user_country") or metadata_country(tracker)


def answer_context(tracker: Tracker, now: Optional[datetime] = None, language: Optional[str] = None) -> Dict[str, Any]:
    """The context dict `diagnosis.followup.answer` takes.

    Earlier answers go in too: the tier decides what a customer count means, and the
    country answer recomputes the number given before it.
    """
    return FollowupContext(
        now=now,
        timezone=user_timezone(tracker),
        country=user_country(tracker),
        language=language or tracker.get_slot("language") or "en",
        answers={qid: tracker.get_slot(qid) for qid in questions().ids()},
    ).as_dict()


def user_now(tracker: Tracker) -> datetime:
    """Now in the user's time zone when the channel told it (slot user_timezone), else UTC."""
    zone = tracker.get_slot("user_timezone")
    try:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(zone)) if zone else datetime.now(timezone.utc)
    except Exception:
        return datetime.now(timezone.utc)
