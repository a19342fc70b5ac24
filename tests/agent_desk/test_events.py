"""The events a person's reply and a hand-back append (tracker JSON)."""

from __future__ import annotations

from agent_desk import AGENT_MARK, agent_reply_event, clean_reply_text, is_agent_reply, resume_events
from agent_desk.events import MAX_REPLY_CHARS


def test_reply_event_is_a_bot_message_marked_as_a_persons():
    event = agent_reply_event("Hi, Maria here", agent="Maria", now=5.0, delivery="whatsapp")
    assert event == {
        "event": "bot",
        "text": "Hi, Maria here",
        "timestamp": 5.0,
        "data": {},
        "metadata": {AGENT_MARK: True, "from": "person", "agent": "Maria", "delivery": "whatsapp"},
    }
    assert is_agent_reply(event)
    assert "agent" not in agent_reply_event("x")["metadata"]


def test_only_marked_bot_events_are_a_persons():
    assert not is_agent_reply({"event": "bot", "text": "bot", "metadata": {}})
    assert not is_agent_reply({"event": "bot", "text": "bot", "metadata": {AGENT_MARK: "yes"}})
    assert not is_agent_reply({"event": "user", "text": "x", "metadata": {AGENT_MARK: True}})
    assert not is_agent_reply({"event": "bot"}) and not is_agent_reply(None)  # type: ignore[arg-type]


def test_resume_ends_the_pause_clears_the_handoff_and_listens():
    assert resume_events(now=7.0) == [
        {"event": "resume", "timestamp": 7.0},
        {"event": "slot", "name": "handed_off", "value": False, "timestamp": 7.0},
        {"event": "action", "name": "action_listen", "timestamp": 7.0},
    ]


def test_reply_text_is_checked():
    assert clean_reply_text("  hello \n") == ("hello", None)
    assert clean_reply_text("   ")[0] is None
    assert clean_reply_text(None)[1] == "`text` must be a string"
    assert clean_reply_text(5)[0] is None
    assert clean_reply_text("x" * MAX_REPLY_CHARS)[0] == "x" * MAX_REPLY_CHARS
    assert "too long" in clean_reply_text("x" * (MAX_REPLY_CHARS + 1))[1]


def test_events_are_rasa_events():
    """What the channel does with them: Rasa reads each (checked here once, Rasa-side)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed, Event, SlotSet

    reply = Event.from_parameters(agent_reply_event("Hi", agent="Maria", now=1.0))
    assert isinstance(reply, BotUttered) and reply.text == "Hi" and reply.metadata[AGENT_MARK] is True
    assert is_agent_reply(reply.as_dict())
    kinds = [type(Event.from_parameters(e)) for e in resume_events(now=1.0)]
    assert kinds == [ConversationResumed, SlotSet, ActionExecuted]
