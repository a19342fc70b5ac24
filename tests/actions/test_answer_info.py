"""action_answer_info: questions about WhatsApp answered, mid-question ones about the question."""

from __future__ import annotations

import asyncio

from actions.answer_info import ActionAnswerInfo

from .conftest import make_tracker, texts


def run(tracker, domain, dispatcher):
    return asyncio.run(ActionAnswerInfo().run(dispatcher, tracker, domain))


def test_where_do_i_see_that_mid_question_says_where_to_look(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "where do I see that?",
        intent="ask_info",
        active_loop="troubleshoot_form",
        slots={"cause": "auth_failed", "requested_slot": "token_type"},
    )
    run(tracker, domain, dispatcher)
    said = texts(dispatcher)
    assert "System users" in said and "not sure about that" not in said


def test_what_is_a_template_outside_a_question_offers_to_diagnose(domain, dispatcher):
    run(make_tracker(domain, "what's a template?", intent="ask_info"), domain, dispatcher)
    said = texts(dispatcher)
    assert "approved by Meta" in said and "paste the error" in said


def test_an_unknown_question_is_said_honestly(domain, dispatcher):
    run(make_tracker(domain, "what's the capital of Peru?", intent="ask_info"), domain, dispatcher)
    assert "not sure about that" in texts(dispatcher)


def test_words_mid_question_that_answer_nothing_are_let_be(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "é resposta normal pro cliente",
        intent="ask_info",
        active_loop="troubleshoot_form",
        slots={"cause": "pending_delivery", "requested_slot": "time_since_sent", "language": "pt"},
    )
    run(tracker, domain, dispatcher)
    assert texts(dispatcher) == ""  # the form asks its question again


def test_a_pasted_error_with_a_question_is_diagnosed(domain, dispatcher):
    text = (
        'since ~20 min every send returns {"error":{"message":"(#131000) Something went wrong","code":131000}} '
        "is meta down??"
    )
    events = run(make_tracker(domain, text, intent="ask_info"), domain, dispatcher)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["cause"] == "meta_outage"
    assert "not sure about that" not in texts(dispatcher)


def test_a_code_asked_about_with_no_case_open_is_diagnosed(domain, dispatcher):
    """ "what does 131000 mean?": the diagnosis says what it means, then works on it, so
    "so what do I do?" has a case to go on with."""
    events = run(make_tracker(domain, "what does 131000 mean?", intent="ask_info"), domain, dispatcher)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["cause"] == "meta_outage" and slots["next_step"] == "troubleshoot"
    assert "temporary" in texts(dispatcher).lower()
    # the dialogue's rules start the questions after action_diagnose; from here, this says it
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "troubleshoot_form"}


def test_a_code_asked_about_during_a_case_is_explained_without_leaving_it(domain, dispatcher):
    slots = {"cause": "ecosystem_limit", "awaiting": "fix_outcome"}
    events = run(make_tracker(domain, "what does 131026 mean?", intent="ask_info", slots=slots), domain, dispatcher)
    assert not any(e.get("name") == "cause" for e in events if e.get("event") == "slot")
    assert "*131026* means" in texts(dispatcher)


def test_how_do_i_fix_it_once_a_cause_is_found_gives_its_fix(domain, dispatcher):
    slots = {"cause": "payment_issue", "language": "es", "awaiting": "fix_outcome"}
    events = run(make_tracker(domain, "ya y cómo lo arreglo?", intent="ask_info", slots=slots), domain, dispatcher)
    said = texts(dispatcher)
    assert "*Cómo solucionarlo*" in said and "Genial" not in said
    assert dispatcher.messages[-1]["buttons"]
    assert any(e.get("name") == "awaiting" and e.get("value") == "fix_outcome" for e in events)


def test_where_do_i_see_that_after_the_diagnosis_says_where_its_error_shows(domain, dispatcher):
    slots = {"cause": "ecosystem_limit", "language": "pt", "awaiting": "fix_outcome"}
    run(make_tracker(domain, "onde eu vejo isso?", intent="ask_info", slots=slots), domain, dispatcher)
    said = texts(dispatcher)
    assert "Gerenciador do WhatsApp" in said and "131049" in said and "não tenho certeza" not in said
    assert dispatcher.messages[-1]["buttons"]  # did it work? asked again


def test_where_is_the_error_keeps_its_own_topic(domain, dispatcher):
    slots = {"cause": "pending_delivery", "awaiting": "fix_outcome"}
    run(make_tracker(domain, "where do I find the error code?", intent="ask_info", slots=slots), domain, dispatcher)
    said = texts(dispatcher)
    assert "WhatsApp Manager" in said and "To check that this is the cause" not in said
