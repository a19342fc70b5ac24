"""bench/dialogue/ (run by bench/dialogue_robustness.py): the property checks themselves,
on hand-made transcripts.

No servers: each test builds the turns a conversation could have had and asserts what
the checker flags (a question a third time, a reply in another language, 4 messages, a
silent turn, a cause concluded from a question) and what it must not flag.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rb():
    import bench.dialogue

    return bench.dialogue


def msg(text, buttons=()):
    m = {"text": text}
    if buttons:
        m["buttons"] = [{"title": b, "payload": b} for b in buttons]
    return m


def turn(rb, user, *texts, pool=True, lang="en", asked=()):
    return rb.Turn(user, [msg(t) if isinstance(t, str) else t for t in texts], pool, lang, list(asked))


def props(found):
    return sorted(v.prop for v in found)


EN_Q = "When did this customer last send you a message? A rough time is fine."
ES_Q = "¿Cuándo te escribió este cliente por última vez? Con una hora aproximada basta."


# ---------------------------------------------------------------- messages per turn


def test_a_silent_turn_is_flagged(rb):
    checked, found = rb.check_conversation([turn(rb, "ok")])
    assert props(found) == ["silent"]
    assert checked["silent"] == 1


def test_four_messages_are_flagged_three_are_not(rb):
    three = turn(rb, "ok", "One sentence here.", "Another one here.", "A third one here.")
    four = turn(rb, "ok", "One sentence here.", "Another one here.", "A third one here.", "And a fourth.")
    assert "too_many" not in props(rb.check_conversation([three])[1])
    found = rb.check_conversation([four])[1]
    assert props(found) == ["too_many"]
    assert "4 messages" in found[0].detail


def test_setup_turns_are_history_not_checked(rb):
    checked, found = rb.check_conversation([turn(rb, "hi", pool=False), turn(rb, "ok", "Fine, go on.")])
    assert found == []
    assert checked["silent"] == 1  # only the pool turn


# ---------------------------------------------------------------- a question a third time


def test_question_sentences_are_normalized(rb):
    assert rb.question_sentences("Got it. *¿Con eso se   solucionó?*\nGood.") == ["con eso se solucionó?"]
    assert rb.question_sentences("No question here.") == []


def test_the_same_question_a_third_time_in_a_row_is_flagged(rb):
    turns = [
        turn(rb, "(#131047) Re-engagement message", EN_Q, pool=False),
        turn(rb, "no idea", "Sorry. " + EN_Q),
        turn(rb, "no idea", "Still no. " + EN_Q),
    ]
    found = rb.check_conversation(turns)[1]
    assert props(found) == ["repeat"]
    assert found[0].turn == 2
    assert "when did this customer last send you a message?" in found[0].detail


def test_a_question_asked_twice_is_not_flagged(rb):
    turns = [
        turn(rb, "(#131047) Re-engagement message", EN_Q, pool=False),
        turn(rb, "no idea", "Sorry. " + EN_Q),
        turn(rb, "no idea", "No problem, let's go on without that. Did that solve it?"),
    ]
    assert rb.check_conversation(turns)[1] == []


def test_a_question_asked_again_later_not_in_a_row_is_not_flagged(rb):
    turns = [
        turn(rb, "a", EN_Q, pool=False),
        turn(rb, "b", EN_Q),
        turn(rb, "c", "Something else entirely."),
        turn(rb, "d", EN_Q),
    ]
    assert rb.check_conversation(turns)[1] == []


def test_the_same_question_id_three_turns_in_a_row_is_flagged_even_reworded(rb):
    turns = [
        turn(rb, "a", "What status does the template show?", pool=False, asked=["template_status"]),
        turn(rb, "b", "Sorry, which status: approved, pending or rejected?", asked=["template_status"]),
        turn(rb, "c", "Please pick one of the buttons.", asked=["template_status"]),
    ]
    found = rb.check_conversation(turns)[1]
    assert props(found) == ["repeat"]
    assert "template_status" in found[0].detail


def test_asked_ids_are_read_from_the_tracker_events(rb):
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "(#131047) Re-engagement message"},
        {"event": "bot", "text": "*Free-form message sent outside the window*"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "slot", "name": "requested_slot", "value": "last_customer_message"},
        {"event": "bot", "text": EN_Q},
        {"event": "user", "text": "what is the 24-hour window?"},
        {"event": "bot", "text": "The 24-hour window opens every time a customer writes."},
        {"event": "slot", "name": "requested_slot", "value": "last_customer_message"},
        {"event": "bot", "text": EN_Q},
        {"event": "user", "text": "3 days ago"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "bot", "text": "The window closed... Did that solve it?"},
        {"event": "slot", "name": "awaiting", "value": "fix_outcome"},
        {"event": "user", "text": "ok"},
        {
            "event": "bot",
            "text": "Good luck! Tell me whether it worked.",
            "data": {"buttons": [{"title": "Yes", "payload": "yes"}]},
        },
        {"event": "slot", "name": "misses", "value": 1.0},
        {"event": "user", "text": "what is the 24-hour window?"},
        {"event": "bot", "text": "The 24-hour window opens every time a customer writes."},
        {"event": "user", "text": "no idea"},
        {"event": "bot", "text": "No rush: tell me how it went."},
        {"event": "slot", "name": "misses", "value": 2.0},
    ]
    assert rb.asked_per_turn(events) == [
        ["last_customer_message"],
        ["last_customer_message"],
        ["awaiting:fix_outcome"],
        ["awaiting:fix_outcome"],
        [],  # answered a question: awaiting is kept, but not asked again
        [],  # only says it will wait: nothing is asked
    ]


# ---------------------------------------------------------------- the user's language


def test_a_reply_in_english_to_a_spanish_user_is_flagged(rb):
    turns = [
        turn(rb, "ni idea", "Sorry, I couldn't work out the time. When did the customer last write to you?", lang="es")
    ]
    found = rb.check_conversation(turns)[1]
    assert props(found) == ["language"]
    assert "expected es, reads as en" in found[0].detail


def test_a_reply_in_the_users_language_is_not_flagged(rb):
    turns = [turn(rb, "ni idea", "Perdona, no logré entender la hora. " + ES_Q, lang="es")]
    checked, found = rb.check_conversation(turns)
    assert found == [] and checked["language"] == 1


def test_english_buttons_under_a_spanish_text_are_flagged(rb):
    reply = msg(
        "¿Con eso se solucionó? Dime si ya funciona.", ["Yes, it's fixed", "No, still failing", "Talk to a person"]
    )
    found = rb.check_conversation([rb.Turn("ok", [reply], True, "es")])[1]
    assert props(found) == ["language"]
    assert "fixed" in found[0].detail


def test_short_replies_and_pasted_codes_are_not_judged(rb):
    # "Approved" or an error code say nothing about the language
    turns = [turn(rb, "ok", "Approved", '(#131026) "Message undeliverable"', lang="pt")]
    checked, found = rb.check_conversation(turns)
    assert found == [] and checked.get("language", 0) == 0


def test_the_other_language_turn_expects_the_switch(rb):
    # played with expected_lang = the other language: the switch is right, staying is wrong
    switched = turn(
        rb, "Perdón, no entiendo", "Perdona, no te entendí. Elige una opción de la lista, por favor.", lang="es"
    )
    stayed = turn(
        rb, "Perdón, no entiendo", "Sorry, I didn't catch that. Please pick one of the options in the list.", lang="es"
    )
    assert rb.check_conversation([switched])[1] == []
    assert props(rb.check_conversation([stayed])[1]) == ["language"]


def test_the_language_judge_uses_the_margin(rb):
    text = "one two three four five six"
    assert rb.wrong_language(text, "es", scorer=lambda t: {"en": 0.6, "es": 0.4}) is None
    assert rb.wrong_language(text, "es", scorer=lambda t: {"en": 0.8, "es": 0.2}) == "en"
    assert rb.wrong_language("too short", "es", scorer=lambda t: {"en": 1.0}) is None


# ---------------------------------------------------------------- no cause from a question


def test_a_cause_concluded_from_a_question_is_flagged(rb):
    turns = [turn(rb, "how do I know if they blocked me?", "They blocked you: here is the fix.")]
    found = rb.check_conversation(turns, cause_before=None, cause_after="blocked_by_recipient", item="question")[1]
    assert props(found) == ["cause"]
    checked, found = rb.check_conversation(turns, "undeliverable", "undeliverable", item="question")
    assert found == [] and checked["cause"] == 1


def test_the_cause_is_only_checked_after_the_question(rb):
    turns = [turn(rb, "(#131026) Message undeliverable", "That looks like a different error.")]
    checked, found = rb.check_conversation(turns, "rate_limit", "undeliverable", item="new_error")
    assert found == [] and "cause" not in checked


# ---------------------------------------------------------------- states and the table


def test_every_cause_question_is_a_state_in_every_language(rb):
    states = rb.build_states()
    names = {s.name for s in states}
    for cause, questions in rb.cause_questions().items():
        opening = rb.opening(cause, "en")
        if opening is None:
            continue
        stated = rb.stated_by_code(opening, questions)  # 132015 says the status: not asked
        for q in questions:
            assert (f"{cause}/{q}" in names) is (q not in stated)
    for kind in ("triage", "after_fix", "after_handoff", "unplaceable"):
        assert {s.lang for s in states if s.kind == kind} == {"en", "es", "pt"}
    # every question id a cause asks is reached by some path (recipient_country too)
    asked = {q for qs in rb.cause_questions().values() for q in qs}
    reached = {s.name.split("/")[1] for s in states if s.kind == "question"}
    assert asked | {"recipient_country"} == reached


def test_quick_keeps_one_path_per_question_id(rb):
    quick = [s for s in rb.build_states(quick=True, langs=("en",)) if s.kind == "question"]
    ids = [s.name.split("/")[1] for s in quick]
    assert len(ids) == len(set(ids))
    assert len(quick) < len([s for s in rb.build_states(langs=("en",)) if s.kind == "question"])


def test_the_report_counts_per_state_and_property(rb):
    state = rb.State("after_fix", "after_fix", "es", ("x",), ())
    good = rb.Conversation(
        state, "ok", "s1", [turn(rb, "ok", "¡Suerte! Cuando lo pruebes, cuéntame si funcionó.", lang="es")]
    )
    bad = rb.Conversation(state, "gibberish", "s2", [turn(rb, "asdkj qwe", lang="es")])
    out = io.StringIO()
    problems = rb.report([good, bad], out=out)
    text = out.getvalue()
    assert problems == 1
    row = next(line for line in text.splitlines() if line.startswith("after_fix [es]"))
    assert row.split()[2:5] == ["2", "2", "1/2"]  # convs, turns, silent
    assert "[silent] after_fix [es] / gibberish" in text


def test_a_state_not_reached_is_a_problem(rb):
    state = rb.State("question", "x/template_status", "en", ("x",), (("requested_slot", "template_status"),))
    conv = rb.Conversation(
        state, "ok", "s", [], reached=False, setup_problem=rb.reached({"slots": {"requested_slot": None}}, state.expect)
    )
    out = io.StringIO()
    assert rb.report([conv], out=out) == 1
    assert "requested_slot=None (wanted 'template_status')" in out.getvalue()
