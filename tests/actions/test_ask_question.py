"""action_ask_<question>: the question with buttons, or the re-ask after a bad answer."""

import asyncio

from actions.ask_question import ASK_ACTIONS

from .conftest import make_tracker, slot_events, texts


def ask(question_id, domain, dispatcher, **slots):
    action = next(a for a in ASK_ACTIONS if a.question_id == question_id)()
    return asyncio.run(action.run(dispatcher, make_tracker(domain, slots=slots), domain))


def test_a_choice_question_has_a_button_per_answer(domain, dispatcher):
    events = ask("template_status", domain, dispatcher)
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["payload"] for b in buttons][:3] == ["approved", "pending", "rejected"]
    assert events == []


def test_after_a_bad_answer_the_reask_replaces_the_question(domain, dispatcher):
    events = ask("template_status", domain, dispatcher, reask="Please pick one: 1) Approved")
    assert texts(dispatcher) == "Please pick one: 1) Approved"
    assert len(dispatcher.messages) == 1 and dispatcher.messages[0]["buttons"]
    assert slot_events(events) == {"reask": None}


def test_the_pasted_number_is_offered_as_a_button(domain, dispatcher):
    ask("recipient_number", domain, dispatcher, problem_text="Invalid parameter: to 919876543210 is not a valid number")
    assert any("919876543210" in b["payload"] for b in dispatcher.messages[0]["buttons"])


def test_in_a_campaign_export_the_groups_own_numbers_are_offered(domain, dispatcher):
    export = (
        "phone,status,error_code,error_title\n"
        "5511987650001,failed,63016,Failed to send freeform message because you are outside the allowed window\n"
        "5521987650003,failed,63003,Channel could not find To address\n"
        "5551987650006,failed,63003,Channel could not find To address\n"
    )
    ask("recipient_number", domain, dispatcher, problem_text=export, cause="not_on_whatsapp")
    offered = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert offered == ["5521987650003", "5551987650006"]  # not the 63016 group's number
