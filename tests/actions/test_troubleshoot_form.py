"""validate_troubleshoot_form: the right questions per cause, answers worked out or re-asked."""

from __future__ import annotations

import asyncio

import pytest

import diagnosis

from actions.troubleshoot_form import ValidateTroubleshootForm

from .conftest import make_tracker, texts

FORM = "troubleshoot_form"


def required(domain, dispatcher, **slots):
    form = ValidateTroubleshootForm()
    tracker = make_tracker(domain, slots=slots, active_loop=FORM)
    return asyncio.run(form.required_slots(domain["forms"][FORM]["required_slots"], dispatcher, tracker, domain))


def test_asks_the_questions_the_cause_names(domain, dispatcher):
    for cause in diagnosis.knowledge().causes():
        assert required(domain, dispatcher, cause=cause) == list(diagnosis.knowledge()[cause].questions), cause


def test_a_twilio_user_is_not_asked_which_meta_token_they_use(domain, dispatcher):
    twilio = {"provider": "twilio"}
    assert "token_type" not in required(domain, dispatcher, cause="auth_failed", problem_facts=twilio)
    assert "token_type" in required(domain, dispatcher, cause="auth_failed", problem_facts={"provider": "meta"})


def test_unknown_cause_asks_nothing(domain, dispatcher):
    assert required(domain, dispatcher, cause="unknown") == []


def test_a_number_without_country_code_adds_the_country_question(domain, dispatcher):
    asked = required(domain, dispatcher, cause="invalid_phone_format", recipient_number={"needs_country": True})
    assert asked == ["recipient_number", "recipient_country"]


def validate(domain, dispatcher, slot, text, **slots):
    form = ValidateTroubleshootForm()
    slots.setdefault("requested_slot", slot)
    tracker = make_tracker(domain, text=text, slots=slots, active_loop=FORM, intent="inform")
    return getattr(form, f"validate_{slot}")(text, dispatcher, tracker, domain)


def test_a_window_answer_is_worked_out_and_said(domain, dispatcher):
    values = validate(domain, dispatcher, "last_customer_message", "3 days ago", cause="outside_service_window")
    assert values["last_customer_message"]["window_open"] is False
    assert "closed" in texts(dispatcher).lower()
    assert values["findings"] and "closed" in values["findings"][-1].lower()


def test_a_template_status_button_payload_is_understood(domain, dispatcher):
    values = validate(domain, dispatcher, "template_status", "rejected", cause="template_not_approved")
    assert values["template_status"] == "rejected"
    assert "reason" in texts(dispatcher).lower()


def test_a_phone_number_is_corrected(domain, dispatcher):
    validate(domain, dispatcher, "recipient_number", "+91 98765 43210", cause="invalid_phone_format")
    assert "919876543210" in texts(dispatcher)


def test_an_unreadable_answer_is_reasked_and_the_slot_stays_empty(domain, dispatcher):
    values = validate(domain, dispatcher, "template_status", "banana", cause="template_not_approved")
    assert values["template_status"] is None
    assert "Approved" in values["reask"]  # said once, by action_ask_template_status


def test_a_new_error_pasted_mid_form_switches_the_cause(domain, dispatcher):
    values = validate(
        domain, dispatcher, "template_status", "(#131047) Re-engagement message", cause="template_not_approved"
    )
    assert values["cause"] == "outside_service_window"
    assert values["template_status"] is None
    assert "different error" in texts(dispatcher)


def test_an_answer_pointing_to_a_precise_cause_switches_to_it(domain, dispatcher):
    values = validate(
        domain, dispatcher, "undeliverable_reason", "blocked", cause="undeliverable", tried_causes=["undeliverable"]
    )
    assert values["cause"] == "blocked_by_recipient"
    assert values["undeliverable_reason"] == "blocked"  # the answer is kept
    assert values["tried_causes"] == ["undeliverable", "blocked_by_recipient"]
    assert "So the cause is" in texts(dispatcher)


def test_an_answer_confirming_the_cause_does_not_switch(domain, dispatcher):
    values = validate(domain, dispatcher, "template_status", "pending", cause="template_not_approved")
    assert "cause" not in values


def test_an_answer_never_points_back_to_a_cause_already_rejected(domain, dispatcher):
    values = validate(
        domain,
        dispatcher,
        "undeliverable_reason",
        "blocked",
        cause="undeliverable",
        tried_causes=["blocked_by_recipient", "undeliverable"],
    )
    assert "cause" not in values


def test_no_idea_to_a_question_without_a_dont_know_button_skips_it_at_once(domain, dispatcher):
    values = validate(domain, dispatcher, "template_status", "não sei", cause="template_not_approved", language="pt")
    assert values["template_status"] == "skipped"
    assert "vamos seguir sem isso" in texts(dispatcher)


def test_words_about_the_message_given_as_an_answer_are_not_a_new_error(domain, dispatcher):
    """'foi uma resposta normal' to 'when did you send it?' (NLU: inform) is a miss, not the
    24-hour window; the same words reported as a problem, or a pasted code, do switch."""
    values = validate(
        domain, dispatcher, "time_since_sent", "foi uma resposta normal", cause="pending_delivery", language="pt"
    )
    assert "cause" not in values and values["time_since_sent"] is None
    assert "different error" not in texts(dispatcher) and "outro erro" not in texts(dispatcher)


def test_an_error_reported_without_a_code_still_switches(domain, dispatcher):
    form = ValidateTroubleshootForm()
    tracker = make_tracker(
        domain,
        text="Message undeliverable",
        active_loop=FORM,
        intent="report_problem",
        slots={"requested_slot": "time_since_sent", "cause": "pending_delivery"},
    )
    values = form.validate_time_since_sent("Message undeliverable", dispatcher, tracker, domain)
    assert values["cause"] == "undeliverable"


def test_where_do_i_see_that_is_explained_then_asked_again(domain, dispatcher):
    from actions.troubleshoot_form import ValidateTroubleshootForm

    tracker = make_tracker(
        domain,
        "não sei onde vejo isso",
        intent="inform",
        active_loop="troubleshoot_form",
        slots={"cause": "template_not_approved", "requested_slot": "template_status", "language": "pt"},
    )
    out = ValidateTroubleshootForm()._validate("template_status", "não sei onde vejo isso", dispatcher, tracker, domain)
    assert out["template_status"] is None and out["misses"] == 1.0
    assert "Modelos de mensagem" in out["reask"] and out["reask"].rstrip().endswith("?")


def test_a_window_still_open_rules_the_window_out_and_moves_to_the_next_cause(domain, dispatcher):
    values = validate(
        domain,
        dispatcher,
        "last_customer_message",
        "2 hours ago",
        cause="outside_service_window",
        candidates=["template_not_approved", "undeliverable", "not_on_whatsapp"],
        tried_causes=["outside_service_window"],
    )
    assert values["last_customer_message"]["window_open"] is True  # the answer is kept
    assert values["cause"] == "undeliverable"  # a normal message: not the template candidate
    assert values["tried_causes"] == ["outside_service_window", "undeliverable"]
    said = texts(dispatcher)
    assert "still open" in said and "probably not this one" in said


def test_a_window_still_open_with_no_other_cause_left_keeps_the_cause(domain, dispatcher):
    tried = ["a", "b", "outside_service_window"]  # as many causes tried as a person gets
    values = validate(
        domain, dispatcher, "last_customer_message", "2 hours ago", cause="outside_service_window", tried_causes=tried
    )
    assert "cause" not in values


def test_a_window_still_open_against_a_pasted_131047_keeps_the_cause(domain, dispatcher):
    """Meta's 131047 says the window was closed: the answer's time is what is off."""
    values = validate(
        domain,
        dispatcher,
        "last_customer_message",
        "2 hours ago",
        cause="outside_service_window",
        candidates=["undeliverable"],
        problem_facts={"codes": ["131047"]},
    )
    assert "cause" not in values
    said = texts(dispatcher)
    assert "still open" in said and "same business number" in said  # the contradiction is explained


def test_ill_check_waits_for_the_answer_without_a_sorry(domain, dispatcher):
    values = validate(
        domain, dispatcher, "template_status", "ok lo reviso", cause="template_not_approved", language="es"
    )
    assert values["template_status"] is None
    assert values["reask"].startswith("Claro, tómate tu tiempo") and "Plantillas de mensajes" in values["reask"]
    assert values["misses"] == 1  # still one try: a second "I'll check" goes on without it


def test_a_question_about_the_token_mid_question_is_answered_then_the_question_again(domain, dispatcher):
    values = validate(domain, dispatcher, "template_status", "what is the token?", cause="template_not_approved")
    assert values["template_status"] is None
    assert "Authorization" in values["reask"] and "Message templates" in values["reask"]


def test_the_templates_language_said_in_place_of_an_answer_is_kept_for_the_fix(domain, dispatcher):
    facts = diagnosis.classify("error 132001 al mandar la plantilla pedido_confirmado").extracted.to_dict()
    values = validate(
        domain, dispatcher, "template_status", "en_US creo", cause="template_not_approved", problem_facts=facts
    )
    assert values["template_status"] is None  # the question waits for its answer
    assert values["problem_facts"]["details"] == {"language": "en_US", "template": "pedido_confirmado"}
    assert "en_US" in values["reask"]


def test_a_language_code_is_not_kept_for_a_cause_that_has_no_use_for_it(domain, dispatcher):
    values = validate(domain, dispatcher, "campaign", "en_US", cause="ecosystem_limit")
    assert "problem_facts" not in values


@pytest.mark.parametrize("text, lang", [("250 creo", "es"), ("250 probably, its brand new", "en")])
def test_a_count_given_as_an_answer_is_no_new_error_code(domain, dispatcher, text, lang):
    """ "250 creo" to "what is your messaging limit?" is the tier, not Meta's error 250."""
    values = validate(domain, dispatcher, "messaging_tier", text, cause="messaging_limit", language=lang)
    assert values.get("cause", "messaging_limit") == "messaging_limit"
    assert values["messaging_tier"] == "250"


def test_a_count_in_a_sentence_is_no_new_error_code(domain, dispatcher):
    values = validate(
        domain,
        dispatcher,
        "unique_customers",
        "250 é o numero de pessoas q recebeu",
        cause="messaging_limit",
        language="pt",
    )
    assert values.get("cause", "messaging_limit") == "messaging_limit"


def test_a_file_over_its_limit_said_mid_question_switches_whatever_the_nlu_says(domain, dispatcher):
    text = "só o vídeo que não. o vídeo tem uns 25 MB, pode ser isso?"
    values = validate(domain, dispatcher, "last_customer_message", text, cause="outside_service_window", language="pt")
    assert values["cause"] == "media_too_large"
    assert "horário" not in texts(dispatcher)


def test_an_answer_followed_by_a_question_is_taken_and_the_question_answered(domain, dispatcher):
    text = "no, es una sola clienta, ya te dije. puede ser que me haya bloqueado?"
    values = validate(domain, dispatcher, "campaign", text, cause="undeliverable", language="es")
    assert values["campaign"] == "no"
    assert "bloque" in texts(dispatcher).lower()


def test_a_question_about_the_question_is_still_explained_not_taken_for_an_answer(domain, dispatcher):
    text = "what do you mean, approved?"
    values = validate(domain, dispatcher, "template_status", text, cause="template_not_approved")
    assert values["template_status"] is None


def test_a_count_well_under_the_limit_moves_on_from_the_daily_limit(domain, dispatcher):
    values = validate(
        domain,
        dispatcher,
        "unique_customers",
        "1200",
        cause="messaging_limit",
        tried_causes=["messaging_limit"],
        messaging_tier="10k",
        candidates=["ecosystem_limit"],
    )
    assert values["cause"] == "ecosystem_limit"


def test_a_pasted_code_outweighs_a_count_under_the_limit(domain, dispatcher):
    values = validate(
        domain,
        dispatcher,
        "unique_customers",
        "1200",
        cause="messaging_limit",
        messaging_tier="10k",
        problem_facts={"codes": ["63038"]},  # Twilio: daily messages limit reached
    )
    assert "cause" not in values


def test_a_size_over_the_limit_beside_an_answer_outweighs_it(domain, dispatcher):
    text = "yes it opens. oh and i just checked, file is 48mb video"
    values = validate(domain, dispatcher, "media_link_opens", text, cause="media_error")
    assert values["cause"] == "media_too_large"


def test_a_number_to_correct_does_not_replace_a_cause_its_code_settles(domain, dispatcher):
    """130403: the business blocked the user; a 521 number is corrected, the cause stays."""
    values = validate(
        domain,
        dispatcher,
        "recipient_number",
        "5215512345678",
        cause="business_blocked_user",
        problem_text="(#130403) This business has blocked the end user on WhatsApp",
    )
    assert "cause" not in values
    assert "525512345678" in texts(dispatcher)


@pytest.mark.parametrize(
    "text, lang",
    [("no hay ningun archivo, es puro texto", "es"), ("there's no file?? it's just text", "en")],
)
def test_a_message_with_no_file_leaves_the_media_causes(domain, dispatcher, text, lang):
    """Told there is no file, the next cause is neither media cause (it asked the file's size)."""
    values = validate(
        domain,
        dispatcher,
        "media_details",
        text,
        cause="media_error",
        candidates=["media_too_large", "undeliverable"],
        language=lang,
    )
    assert values["cause"] not in ("media_error", "media_too_large", None)
    assert "media_too_large" not in values["candidates"]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("nao faço ideia, quem configurou foi uma agencia ano passado", "pt"),
        ("dunno, i'd have to ask the agent", "en"),
    ],
)
def test_dont_know_with_a_reason_after_it_skips_the_question(domain, dispatcher, text, lang):
    """'nao faço ideia, quem configurou foi uma agencia' got 'Desculpe, não entendi'."""
    from diagnosis.conversation.turns import opens_with_dont_know

    assert opens_with_dont_know(text) and not opens_with_dont_know("no, still failing")
    values = validate(domain, dispatcher, "token_type", text, cause="auth_failed", language=lang)
    assert values["token_type"] == "skipped"
