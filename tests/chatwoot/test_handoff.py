"""chatwoot.handoff: the summary as a private note, then the conversation open for the team."""

from dataclasses import replace

from chatwoot import handoff_from_metadata
from chatwoot.handoff import hand_off
from chatwoot.settings import ChatwootSettings
from tests.support.chatwoot_standin import BOT_TOKEN, ChatwootStandIn


def test_note_then_open(standin: ChatwootStandIn, settings: ChatwootSettings):
    outcome = hand_off(settings, 3, "10", "Problem: (#131047)\nCauses tried: 24-hour window")
    assert outcome.ok and outcome.note_posted and outcome.error is None
    assert [r["kind"] for r in standin.requests] == ["messages", "toggle_status"]
    assert standin.notes(10) == ["Problem: (#131047)\nCauses tried: 24-hour window"]
    assert standin.texts(10) == []  # the contact sees nothing of the note
    assert standin.status_changes(10) == ["open"] and standin.statuses[(3, 10)] == "open"


def test_no_note_text_only_opens(standin: ChatwootStandIn, settings: ChatwootSettings):
    outcome = hand_off(settings, 3, 10, "  ")
    assert outcome.ok and not outcome.note_posted and outcome.note is None
    assert standin.status_changes(10) == ["open"]


def test_a_failed_note_still_hands_off(standin: ChatwootStandIn, settings: ChatwootSettings):
    standin.push(*[(500, {"error": "boom"})] * 3)
    outcome = hand_off(replace(settings, retry_base_delay=0), 3, 10, "summary")
    assert outcome.ok and not outcome.note_posted
    assert outcome.error == "note not posted: HTTP 500: boom"


def test_a_failed_status_change_is_not_a_handoff(standin: ChatwootStandIn, settings: ChatwootSettings):
    standin.push((200, {"id": 1}), *[(502, {"error": "bad gateway"})] * 3)
    outcome = hand_off(replace(settings, retry_base_delay=0), 3, 10, "summary")
    assert not outcome.ok and outcome.note_posted
    assert outcome.error == "status not set: HTTP 502: bad gateway"


def test_bad_ids_fail_without_a_request(standin: ChatwootStandIn, settings: ChatwootSettings):
    outcome = hand_off(settings, "3", "../../admin", "summary")
    assert not outcome.ok and standin.requests == []


def env_for(standin: ChatwootStandIn) -> dict:
    return {"CHATWOOT_URL": standin.url, "CHATWOOT_BOT_TOKEN": BOT_TOKEN}


def test_from_metadata_or_sender_id(standin: ChatwootStandIn):
    meta = {"channel": "chatwoot", "chatwoot": {"account_id": "3", "conversation_id": "10"}}
    outcome = handoff_from_metadata(meta, "summary", env=env_for(standin))
    assert outcome is not None and outcome.ok and outcome.ref.sender_id == "chatwoot:3:10"
    outcome = handoff_from_metadata({}, "summary", sender_id="chatwoot:3:11", env=env_for(standin))
    assert outcome is not None and outcome.ok and standin.status_changes(11) == ["open"]


def test_none_when_not_chatwoot_or_not_configured(standin: ChatwootStandIn):
    assert handoff_from_metadata({"channel": "whatsapp"}, "s", sender_id="919812345610", env=env_for(standin)) is None
    assert handoff_from_metadata(None, "s", sender_id=None, env=env_for(standin)) is None
    meta = {"chatwoot": {"account_id": "3", "conversation_id": "10"}}
    assert handoff_from_metadata(meta, "s", env={}) is None
    assert standin.requests == []
