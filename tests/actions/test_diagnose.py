"""action_diagnose sets the cause slot from the classifier and always answers."""

from __future__ import annotations

import pytest

from actions.diagnose import ActionDiagnose

from .conftest import make_tracker, run, slot_events, texts


@pytest.mark.parametrize(
    "text, cause",
    [
        ("(#131047) Re-engagement message", "outside_service_window"),
        ("(#132001) Template name does not exist in the translation", "template_not_approved"),
        ("Gupshup 1002 Number Not Exist On WhatsApp", "not_on_whatsapp"),
    ],
)
def test_known_errors_set_cause_and_explain(domain, dispatcher, text, cause):
    events = run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain)
    slots = slot_events(events)
    assert slots["cause"] == cause
    assert slots["next_step"] == "troubleshoot"
    assert slots["tried_causes"] == [cause]
    assert cause not in slots["candidates"]
    assert texts(dispatcher).strip()


def test_a_cause_id_payload_is_taken_as_said(domain, dispatcher):
    events = run(ActionDiagnose(), dispatcher, make_tracker(domain, "media_too_large"), domain)
    assert slot_events(events)["cause"] == "media_too_large"


def test_previous_answers_are_cleared_for_a_new_problem(domain, dispatcher):
    tracker = make_tracker(domain, "(#131047) Re-engagement message", slots={"template_status": "approved"})
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert "template_status" in slots and slots["template_status"] is None


@pytest.mark.parametrize("text", ["", "asdf qwer", "🙂🙂🙂", "\x00\x01\x02"])
def test_unplaceable_input_asks_for_the_exact_error(domain, dispatcher, text):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots["cause"] == "unknown"
    assert slots["next_step"] == "triage"  # the narrowing questions come next
    assert "error" in texts(dispatcher).lower()


def test_a_campaign_report_gets_retry_advice_per_group(domain, dispatcher):
    report = (
        "Our Black Friday campaign shows 40% failed:\n"
        "131049 healthy ecosystem engagement - 120\n"
        "131050 user stopped marketing messages - 30\n"
        "130429 rate limit hit - 40\n"
    )
    run(ActionDiagnose(), dispatcher, make_tracker(domain, report), domain)
    said = texts(dispatcher)
    assert "Retry Failed" in said
    assert "Retry later (160)" in said  # the rate-limited 40 after a few minutes, the cause's retry
    assert "Don't retry (30)" in said
    assert "120" in said


def test_a_single_error_gets_no_campaign_advice(domain, dispatcher):
    run(ActionDiagnose(), dispatcher, make_tracker(domain, "(#131047) Re-engagement message"), domain)
    assert "Retry Failed" not in texts(dispatcher)


def test_two_errors_of_one_test_send_get_no_campaign_advice(domain, dispatcher):
    paste = (
        '{"error":{"message":"(#132001) Template name does not exist in the translation","code":132001,'
        '"fbtrace_id":"AbCdEf123456"}}\n(#368) Temporarily blocked for policies violations'
    )
    run(ActionDiagnose(), dispatcher, make_tracker(domain, paste), domain)
    said = texts(dispatcher)
    assert "Retry Failed" not in said and "123" not in said


def test_a_campaign_in_prose_with_two_codes_on_one_line(domain, dispatcher):
    report = "our promo went to 3,200 contacts: 900 failed w/ 131049 and 312 failed 131050"
    run(ActionDiagnose(), dispatcher, make_tracker(domain, report), domain)
    said = texts(dispatcher)
    assert "Retry later (900)" in said and "Don't retry (312)" in said
    assert "3,200" not in said.split("Retry Failed")[1]  # the audience is not a group of failures


def test_a_long_paste_is_diagnosed_from_its_full_text(domain, dispatcher):
    """Channels cut long messages for NLU but pass the whole paste in the metadata."""
    noise = "2026-11-20 10:00:01 INFO worker heartbeat ok\n" * 200
    full = noise + "ERROR send failed: (#131047) Re-engagement message\n"
    tracker = make_tracker(domain, full[:4096], metadata={"full_text": full})
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert slots["cause"] == "outside_service_window"


def test_a_question_taken_for_a_report_is_answered_not_diagnosed(domain, dispatcher):
    tracker = make_tracker(domain, "e se ele bloqueou a gente?", slots={"language": "pt"})
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert slots == {"next_step": "listen", "language": "pt"} or "cause" not in slots
    assert "WhatsApp" in texts(dispatcher) and "afunilar" not in texts(dispatcher)


def test_a_status_said_in_the_report_is_not_asked(domain, dispatcher):
    """'me la rechazaron': the template's status is in the report, in the user's own words."""
    from actions.diagnose import ActionDiagnose

    from .conftest import make_tracker, run, slot_events, texts

    tracker = make_tracker(domain, "tengo un problema, la plantilla de bienvenida me la rechazaron")
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert slots["cause"] == "template_not_approved" and slots["template_status"] == "rejected"
    assert "motivo del rechazo" in texts(dispatcher)  # what "rejected" means is said instead


def test_a_file_size_in_the_report_is_worked_out_with_the_diagnosis(domain, dispatcher):
    text = "to tentando mandar um vídeo de 25mb pelo whatsapp da empresa e não vai"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots["cause"] == "media_too_large"
    said = texts(dispatcher)
    assert "25 MB" in said and "16 MB" in said and "9 MB" in said  # the size, the video limit, by how much
    assert any("16 MB" in f for f in slots["findings"])  # kept for the fix and the handoff


def test_when_the_customer_last_wrote_in_the_report_is_worked_out_not_asked(domain, dispatcher):
    """'un cliente que me escribió anteayer': the window is closed and said so with the diagnosis."""
    text = "le respondí a un cliente que me escribió anteayer y no le llegó"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots["cause"] == "outside_service_window"
    assert slots["last_customer_message"]["window_open"] is False  # answered by the report
    said = texts(dispatcher)
    assert "se cerró hace" in said
    assert any("se cerró" in f for f in slots["findings"])


def test_a_time_the_business_wrote_is_not_taken_for_the_customers(domain, dispatcher):
    text = "le escribí ayer a un cliente fuera de las 24 horas y no le llegó"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots["cause"] == "outside_service_window"
    assert slots.get("last_customer_message") is None  # "escribí" is the business: still asked


AFTER_FIX = {"cause": "test_number_not_allowed", "awaiting": "fix_outcome", "tried_causes": ["test_number_not_allowed"]}


def test_a_sentence_after_the_fix_keeps_the_cause_instead_of_starting_over(domain, dispatcher):
    tracker = make_tracker(domain, "he IS in the list tho, i added him yesterday", slots=AFTER_FIX)
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert slots.get("cause", "test_number_not_allowed") == "test_number_not_allowed"
    assert slots.get("message_kind") is None and slots.get("next_step") == "listen"  # no narrowing from zero
    said = texts(dispatcher)
    assert "still on" in said and "two quick questions" not in said


def test_still_the_same_error_after_the_fix_moves_to_the_next_cause(domain, dispatcher):
    """After the cause's one more check (said once), the next cause."""
    from diagnosis.language import say

    slots = dict(AFTER_FIX, language="es", candidates=["invalid_phone_format"])
    text = "ya lo agregué a la lista y sigue dando el mismo error"
    events = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text, slots=slots), domain))
    check = say("causes.test_number_not_allowed.still_failing", "es")
    assert check in texts(dispatcher) and "cause" not in events
    tracker = make_tracker(domain, text, slots=slots)
    tracker.events = [{"event": "bot", "text": check}]
    events = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert events["cause"] == "invalid_phone_format"


def test_a_question_after_the_fix_is_answered_in_its_context(domain, dispatcher):
    slots = dict(AFTER_FIX, cause="template_paused_or_disabled")
    tracker = make_tracker(domain, "how long does the pause last?", slots=slots)
    slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert "hours" in texts(dispatcher)


def test_the_language_a_template_was_approved_in_said_after_the_fix_is_answered(domain, dispatcher):
    slots = dict(AFTER_FIX, cause="template_not_approved", language="es")
    text = "ah la aprobé como es_MX creo. si mando es_MX debería andar?"
    slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text, slots=slots), domain))
    assert "es_MX" in texts(dispatcher) and "idioma" in texts(dispatcher)


@pytest.mark.parametrize(
    "text, slot, value",
    [
        ("(#132015) Template is paused due to low quality", "template_status", "paused"),
        ("our black friday campaign got 131049 on half the numbers", "template_category", "marketing"),
    ],
)
def test_what_the_code_states_is_not_asked(domain, dispatcher, text, slot, value):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots[slot] == value


def test_a_campaign_with_one_cause_gets_its_retry_note_once(domain, dispatcher):
    """The cause's own fix says when to retry: no second "Retry Failed" note beside it."""
    text = "our black friday campaign got 131049 on half the numbers"
    run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain)
    assert "Retry Failed" not in texts(dispatcher)


@pytest.mark.parametrize(
    "text, lang",
    [("new token works, msgs going out now. thx", "en"), ("ya le mandé la de marketing y le llegó, gracias", "es")],
)
def test_it_works_in_a_sentence_after_the_fix_closes_it(domain, dispatcher, text, lang):
    slots = dict(AFTER_FIX, cause="auth_failed", language=lang)
    events = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text, slots=slots), domain))
    assert events["next_step"] == "rating" and events.get("cause", "auth_failed") == "auth_failed"


def test_a_question_after_the_fix_does_not_switch_to_the_cause_its_words_name(domain, dispatcher):
    """ "how long does approval take?" after the window's fix is no template error."""
    slots = dict(AFTER_FIX, cause="outside_service_window")
    text = "i dont have any templates approved yet. how long does approval take?"
    events = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text, slots=slots), domain))
    assert events.get("cause", "outside_service_window") == "outside_service_window"
    assert "24 hours" in texts(dispatcher)  # the review time is answered


def test_a_number_written_wrong_beside_an_undeliverable_code_is_said(domain, dispatcher):
    """'541145678901' with 131026: an Argentine mobile without its 9, said with the diagnosis;
    'el pibe tiene whatsapp seguro' answers 'do you know anything about their WhatsApp?'."""
    text = (
        "che, por la api le mando a 541145678901 y me tira failed 131026 undeliverable, "
        "pero el pibe tiene whatsapp seguro, hablamos todos los dias"
    )
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    said = texts(dispatcher)
    assert slots["cause"] == "undeliverable" and "5491145678901" in said
    assert slots["undeliverable_reason"] == "chats_fine"


def test_a_pasted_errors_own_words_answer_nothing(domain, dispatcher):
    text = (
        "(#132001) Template name does not exist in the translation: "
        "template name (order_update) does not exist in en_US"
    )
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots.get("template_status") is None  # Meta's words, not the user's: the status is asked


def test_a_business_app_user_is_told_once_what_the_apps_signs_mean(domain, dispatcher):
    text = "I use the whatsapp business app on my phone (not any api stuff), my replies get a red exclamation"
    run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain)
    said = texts(dispatcher)
    assert "WhatsApp Business *app*" in said and "clock" in said
    note = dispatcher.messages[0]["text"]
    tracker = make_tracker(domain, "still the red thing on the app, not the api")
    tracker.events.append({"event": "bot", "text": note})
    dispatcher.messages.clear()
    run(ActionDiagnose(), dispatcher, tracker, domain)
    assert note not in texts(dispatcher)  # said once


def test_the_audience_said_in_a_messaging_limit_report_is_worked_out(domain, dispatcher):
    text = "nos sale messaging limit reached, mandamos como 300 clientes ayer"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text), domain))
    assert slots["cause"] == "messaging_limit" and slots["unique_customers"]["count"] == 300
    assert "300 clientes distintos" in texts(dispatcher)
