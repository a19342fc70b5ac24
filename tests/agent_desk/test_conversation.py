"""A stored conversation (tracker JSON) read into what an agent needs."""

from __future__ import annotations

from agent_desk import AGENT_MARK, read_conversation
from agent_desk.conversation import newest_first

T0 = 1_800_000_000.0


def state(events, slots=None, paused=None, sender="5511987654321", channel=None):
    out = {"sender_id": sender, "slots": dict({"language": "pt"}, **(slots or {})), "events": events}
    if paused is not None:
        out["paused"] = paused
    if channel is not None:
        out["latest_input_channel"] = channel
    return out


HANDED_OFF = [
    {
        "event": "user",
        "text": "Error 131047",
        "timestamp": T0,
        "input_channel": "whatsapp",
        "metadata": {"full_text": "Error 131047 re-engagement message, the whole paste"},
    },
    {"event": "action", "name": "action_diagnose", "timestamp": T0 + 1},
    {"event": "bot", "text": "Which error do you see?", "timestamp": T0 + 2, "metadata": {}},
    {"event": "user", "text": "quero falar com uma pessoa", "timestamp": T0 + 10, "input_channel": "whatsapp"},
    {"event": "slot", "name": "handed_off", "value": True, "timestamp": T0 + 11},
    {"event": "pause", "timestamp": T0 + 11},
    {"event": "user", "text": "alô?", "timestamp": T0 + 60, "input_channel": "whatsapp"},
    {
        "event": "bot",
        "text": "Oi, aqui é a Maria",
        "timestamp": T0 + 90,
        "metadata": {AGENT_MARK: True, "from": "person", "agent": "Maria"},
    },
]

SLOTS = {
    "handed_off": True,
    "problem_text": "Error 131047 re-engagement message",
    "tried_causes": ["outside_service_window", "no_such_cause_id"],
    "findings": ["Last message 3 days ago."],
}


def test_waiting_conversation_read_whole():
    c = read_conversation(state(HANDED_OFF, SLOTS))
    assert c.waiting and c.paused and c.handed_off
    assert c.id == "5511987654321" and c.channel == "whatsapp" and c.language == "pt"
    assert c.waiting_since == T0 + 11
    assert c.last_user_message_at == T0 + 60
    assert c.summary.problem == "Error 131047 re-engagement message"
    assert c.summary.causes_tried[0] == {
        "id": "outside_service_window",
        "title": "Free-form message sent outside the 24-hour customer service window",
    }
    assert c.summary.causes_tried[1] == {"id": "no_such_cause_id", "title": "no_such_cause_id"}
    assert c.summary.findings == ("Last message 3 days ago.",)
    assert [(m.role, m.text) for m in c.transcript] == [
        ("user", "Error 131047 re-engagement message, the whole paste"),  # full_text, not the cut text
        ("bot", "Which error do you see?"),
        ("user", "quero falar com uma pessoa"),
        ("user", "alô?"),
        ("agent", "Oi, aqui é a Maria"),
    ]
    assert [m.agent for m in c.agent_replies] == ["Maria"]


def test_resumed_or_not_handed_off_is_not_waiting():
    resumed = HANDED_OFF + [{"event": "resume", "timestamp": T0 + 100}]
    c = read_conversation(state(resumed, SLOTS))
    assert not c.paused and not c.waiting and c.waiting_since is None
    assert not read_conversation(state(HANDED_OFF, dict(SLOTS, handed_off=False))).waiting
    assert not read_conversation(state(HANDED_OFF, dict(SLOTS, handed_off=None))).waiting


def test_a_new_session_or_restart_ends_the_pause():
    for kind in ("session_started", "restart"):
        c = read_conversation(state(HANDED_OFF + [{"event": kind, "timestamp": T0 + 200}], SLOTS))
        assert not c.paused


def test_rasas_own_paused_flag_wins_and_latest_input_channel_is_used():
    c = read_conversation(state(HANDED_OFF, SLOTS, paused=False, channel="twilio_whatsapp"))
    assert not c.paused and c.channel == "twilio_whatsapp"
    c = read_conversation(state([], SLOTS, paused=True))
    assert c.paused and c.waiting and c.waiting_since is None and c.transcript == ()


def test_odd_input_does_not_break_the_reading():
    c = read_conversation(
        {"sender_id": 42, "slots": None, "events": [None, "x", {"event": "user"}, {"event": "bot", "text": 5}]}
    )
    assert c.id == "42" and not c.waiting and c.transcript == () and c.summary.problem is None
    c = read_conversation(state(HANDED_OFF, {"tried_causes": "not a list", "findings": None, "problem_text": "  "}))
    assert c.summary.causes_tried == () and c.summary.findings == () and c.summary.problem is None


def test_to_dict_is_json_ready_and_can_leave_the_transcript_out():
    c = read_conversation(state(HANDED_OFF, SLOTS))
    full = c.to_dict(display_id="5511****21")
    assert full["display_id"] == "5511****21" and full["id"] == "5511987654321"
    assert full["transcript"][-1] == {"from": "agent", "text": "Oi, aqui é a Maria", "at": T0 + 90, "agent": "Maria"}
    assert full["agent_replies"] == 1 and full["waiting"] is True
    assert "transcript" not in c.to_dict(transcript=False)


def test_newest_first():
    def waiting_since(t, sender):
        return read_conversation(state([{"event": "pause", "timestamp": t}], SLOTS, sender=sender))

    listed = newest_first(
        [
            waiting_since(T0, "old"),
            waiting_since(T0 + 50, "new"),
            read_conversation(state([], SLOTS, paused=True, sender="unknown")),
        ]
    )
    assert [c.id for c in listed] == ["new", "old", "unknown"]
