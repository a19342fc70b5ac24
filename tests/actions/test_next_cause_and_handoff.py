"""When a fix doesn't help: the next likely cause, or a person with a summary."""

from __future__ import annotations

from actions.converse import ActionConverse
from actions.handoff import ActionHandoff
from actions.start_over import ActionStartOver

from .conftest import make_tracker, run, slot_events, texts


def test_next_cause_takes_the_next_candidate_first(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "no",
        intent="deny",
        slots={
            "awaiting": "fix_outcome",
            "cause": "template_not_approved",
            "tried_causes": ["template_not_approved"],
            "candidates": ["template_parameter_mismatch"],
        },
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots["cause"] == "template_parameter_mismatch"
    assert slots["next_step"] == "troubleshoot"
    assert slots["tried_causes"] == ["template_not_approved", "template_parameter_mismatch"]
    assert "next most likely" in texts(dispatcher)


def test_next_cause_falls_back_to_causes_easily_confused(domain, dispatcher):
    import diagnosis

    confused = diagnosis.knowledge()["template_not_approved"].confused_with
    tracker = make_tracker(
        domain,
        "no",
        intent="deny",
        slots={"awaiting": "fix_outcome", "cause": "template_not_approved", "tried_causes": ["template_not_approved"]},
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots["cause"] == confused[0]


def test_a_normal_message_skips_the_causes_that_only_concern_templates(domain, dispatcher):
    """The user said it was a normal message: template causes aren't tried next."""
    # the same "no, still failing" as above, on the window's fix, with template candidates first
    tracker = make_tracker(domain, "no", intent="deny", slots={"awaiting": "fix_outcome", "message_kind": "normal"})
    tracker.slots.update(
        cause="outside_service_window",
        tried_causes=["outside_service_window"],
        candidates=["template_not_approved", "ecosystem_limit", "undeliverable"],
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots["cause"] == "undeliverable"


def test_a_customer_who_wrote_is_not_next_said_to_have_no_whatsapp(domain, dispatcher):
    """They wrote to the business this morning: on WhatsApp, and not blocking it."""
    wrote = {"last_message_at": "2026-12-07T09:00:00+00:00", "never": False, "window_open": True}
    tracker = make_tracker(
        domain, "no", intent="deny", slots={"awaiting": "fix_outcome", "last_customer_message": wrote}
    )
    tracker.slots.update(
        cause="outside_service_window",
        tried_causes=["outside_service_window"],
        candidates=["not_on_whatsapp", "blocked_by_recipient", "media_error"],
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots["cause"] == "media_error"


def test_no_cause_left_hands_off_without_a_false_promise(domain, dispatcher):
    import diagnosis

    everything = diagnosis.knowledge().causes()
    tracker = make_tracker(
        domain,
        "no",
        intent="deny",
        slots={
            "awaiting": "fix_outcome",
            "cause": "template_not_approved",
            "tried_causes": everything,
            "problem_text": "Template not found",
            "findings": ["The template shows Pending."],
        },
    )
    events = run(ActionConverse(), dispatcher, tracker, domain)
    assert slot_events(events)["next_step"] == "listen"
    assert not any(e["event"] == "pause" for e in events)
    said = texts(dispatcher)
    assert "nobody will answer here" in said
    assert "Template not found" in said and "Pending" in said


def test_handoff_mid_form_closes_the_form_and_keeps_listening(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "talk to a person",
        intent="ask_human",
        active_loop="troubleshoot_form",
        slots={"cause": "media_too_large", "tried_causes": ["media_too_large"]},
    )
    events = run(ActionHandoff(), dispatcher, tracker, domain)
    kinds = [e["event"] for e in events]
    assert "active_loop" in kinds and "pause" not in kinds
    assert "person" in texts(dispatcher)


def test_start_over_forgets_the_problem_but_not_the_time_zone(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "start over",
        intent="start_over",
        active_loop="troubleshoot_form",
        slots={"cause": "media_too_large", "user_timezone": "Asia/Kolkata"},
    )
    events = run(ActionStartOver(), dispatcher, tracker, domain)
    kinds = [e["event"] for e in events]
    assert kinds[:2] == ["active_loop", "reset_slots"]
    assert slot_events(events) == {"user_timezone": "Asia/Kolkata", "language": "en"}


def test_after_three_causes_a_person_takes_over(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "no",
        intent="deny",
        slots={
            "awaiting": "fix_outcome",
            "cause": "auth_failed",
            "tried_causes": ["auth_failed", "number_not_registered", "account_restricted"],
            "candidates": ["meta_outage"],
        },
    )
    events = run(ActionConverse(), dispatcher, tracker, domain)
    assert slot_events(events)["next_step"] == "listen"
    assert slot_events(events)["handed_off"] is True


def test_thanks_after_ok_is_not_a_report_that_it_worked(domain, dispatcher):
    # "did that solve it?" -> "ok" (miss 1: "try it and tell me") -> "obrigado"
    tracker = make_tracker(
        domain,
        "obrigado",
        intent="thank",
        slots={"awaiting": "fix_outcome", "misses": 1.0, "language": "pt", "cause": "outside_service_window"},
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots.get("next_step") == "listen" and "awaiting" not in slots
    said = texts(dispatcher)
    assert "De nada" in said and "resolveu" not in said.lower()


def test_thanks_as_the_answer_to_did_it_work_closes_with_a_rating(domain, dispatcher):
    tracker = make_tracker(
        domain, "thanks", intent="thank", slots={"awaiting": "fix_outcome", "cause": "outside_service_window"}
    )
    slots = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert slots["next_step"] == "rating"
    said = texts(dispatcher)
    assert "welcome" in said and "glad it's fixed" not in said  # thanks for the advice, not "it worked"


def test_a_code_that_settles_the_cause_hands_off_instead_of_guessing_another(domain, dispatcher):
    """131042 means billing and nothing else: when the new card did not help, a person looks."""
    slots = {
        "awaiting": "fix_outcome",
        "cause": "payment_issue",
        "tried_causes": ["payment_issue"],
        "candidates": ["account_restricted"],
        "problem_text": "all our messages fail with (#131042) Business eligibility payment issue",
    }
    tracker = make_tracker(domain, "no, still failing", intent="deny", slots=slots)
    events = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    said = texts(dispatcher)
    assert "*131042* means" in said and "Causes checked" in said
    assert events.get("cause") in (None, "payment_issue") and events["handed_off"] is True


def test_the_causes_own_error_words_after_its_fix_settle_it_with_what_to_check(domain, dispatcher):
    """'continua dando Recipient phone number not in allowed list', with no code: it moved on
    to 'business number not registered'."""
    slots = {
        "language": "pt",
        "awaiting": "fix_outcome",
        "cause": "test_number_not_allowed",
        "tried_causes": ["test_number_not_allowed"],
        "candidates": ["number_not_registered"],
        "problem_text": "to usando o numero de teste da meta e so chega no meu celular",
    }
    text = "coloquei ele na lista e confirmou, mas continua dando Recipient phone number not in allowed list"
    tracker = make_tracker(domain, text, intent="deny", slots=slots)
    events = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    said = texts(dispatcher)
    assert events.get("cause") in (None, "test_number_not_allowed")
    assert "*Esse erro* significa" in said and "exatamente o que você adicionou" in said


def test_after_one_tick_the_next_cause_is_one_that_shows_so_not_an_errors(domain, dispatcher):
    """'sigue igual, un solo check' moved on to the 24-hour window (an error, 131047)."""
    slots = {
        "language": "es",
        "awaiting": "fix_outcome",
        "cause": "pending_delivery",
        "tried_causes": ["pending_delivery"],
        "candidates": ["outside_service_window", "undeliverable"],
        "problem_text": "mi mensaje se queda en un solo check gris",
    }
    tracker = make_tracker(domain, "no, sigue fallando", intent="deny", slots=slots)
    assert slot_events(run(ActionConverse(), dispatcher, tracker, domain))["cause"] == "blocked_by_recipient"


def test_still_failing_after_a_new_card_gets_one_more_check_before_the_next_cause(domain, dispatcher):
    """'ya cambié la tarjeta hace 10 min y sigue sin salir nada' moved on to a Meta outage at once."""
    from diagnosis.language import say

    slots = {
        "language": "es",
        "awaiting": "fix_outcome",
        "cause": "payment_issue",
        "tried_causes": ["payment_issue"],
        "candidates": ["meta_outage"],
        "problem_text": "en el panel de zenvia me aparece algo de que hay un problema con el metodo de pago",
    }
    text = "ya cambie la tarjeta hace como 10 min y sigue sin salir nada"
    tracker = make_tracker(domain, text, intent="deny", slots=slots)
    events = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    check = say("causes.payment_issue.still_failing", "es")
    assert check in texts(dispatcher) and "cause" not in events
    again = make_tracker(domain, "sigue igual", intent="deny", slots=slots)
    again.events = [{"event": "bot", "text": check}]
    assert slot_events(run(ActionConverse(), dispatcher, again, domain))["cause"] == "meta_outage"


def test_an_open_code_still_moves_to_the_reason_behind_it(domain, dispatcher):
    """131026 leaves the reason open: its fix failing means trying the reasons."""
    slots = {
        "awaiting": "fix_outcome",
        "cause": "undeliverable",
        "tried_causes": ["undeliverable"],
        "candidates": ["not_on_whatsapp"],
        "problem_text": "(#131026) Message undeliverable",
    }
    tracker = make_tracker(domain, "no, still failing", intent="deny", slots=slots)
    assert slot_events(run(ActionConverse(), dispatcher, tracker, domain))["cause"] == "not_on_whatsapp"


def test_the_same_code_typed_again_after_the_fix_is_still_failing_not_a_new_case(domain, dispatcher):
    from actions.diagnose import ActionDiagnose

    slots = {
        "language": "es",
        "awaiting": "fix_outcome",
        "cause": "payment_issue",
        "tried_causes": ["payment_issue"],
        "problem_text": "(#131042) Business eligibility payment issue",
    }
    text = "pagué lo pendiente hace 10 min, pero sigue saliendo 131042"
    events = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, text, slots=slots), domain))
    said = texts(dispatcher)
    assert "*131042* significa" in said and events["handed_off"] is True
    assert "forma de pago válida" not in said  # the first question is not asked again


def test_the_window_code_again_after_a_template_says_the_message_went_out_as_text(domain, dispatcher):
    slots = {
        "language": "pt",
        "awaiting": "fix_outcome",
        "cause": "outside_service_window",
        "tried_causes": ["outside_service_window"],
        "candidates": ["undeliverable"],
        "problem_text": "(#131047) Re-engagement message",
    }
    tracker = make_tracker(domain, "mandei o template e ainda dá 131047", intent="deny", slots=slots)
    events = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert "saiu como texto normal" in texts(dispatcher)
    assert "cause" not in events and events["next_step"] == "listen"


EXPORT = (
    "phone,status,error_code,error_title\n"
    "5511987654321,failed,131049,healthy ecosystem engagement\n"
    "5511987654322,failed,131049,healthy ecosystem engagement\n"
    "5511987654324,failed,131050,This recipient has chosen to stop receiving marketing messages\n"
)


def test_one_campaign_group_fixed_takes_up_the_next_group(domain, dispatcher):
    slots = {
        "awaiting": "fix_outcome",
        "cause": "ecosystem_limit",
        "tried_causes": ["ecosystem_limit"],
        "problem_text": EXPORT,
    }
    tracker = make_tracker(domain, "yes it's fixed", intent="solved", slots=slots)
    got = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert got["cause"] == "marketing_opt_out" and got["next_step"] == "troubleshoot"
    assert "Next, the one that failed" in texts(dispatcher)


def test_the_last_campaign_group_fixed_ends_the_case(domain, dispatcher):
    slots = {
        "awaiting": "fix_outcome",
        "cause": "marketing_opt_out",
        "tried_causes": ["ecosystem_limit", "marketing_opt_out"],
        "problem_text": EXPORT,
    }
    tracker = make_tracker(domain, "yes it's fixed", intent="solved", slots=slots)
    got = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert got["next_step"] == "rating"


def test_two_errors_of_one_report_are_no_campaign_groups(domain, dispatcher):
    report = "first I got 190 token expired\nthen (#131030) Recipient phone number not in allowed list"
    slots = {"awaiting": "fix_outcome", "cause": "test_number_not_allowed", "tried_causes": ["test_number_not_allowed"]}
    tracker = make_tracker(domain, "ahora sí llegó, gracias", intent="solved", slots=dict(slots, problem_text=report))
    got = slot_events(run(ActionConverse(), dispatcher, tracker, domain))
    assert got["next_step"] == "rating"


def test_131047_still_failing_with_the_window_open_says_what_is_off_then_hands_off(domain, dispatcher):
    """The time given leaves the window open, yet 131047 comes back: the number written to or
    the zone is off (not 'the next cause: Meta could not deliver'); the next 'still failing'
    goes to a person, since the code means the window and nothing else."""
    slots = {
        "awaiting": "fix_outcome",
        "cause": "outside_service_window",
        "tried_causes": ["outside_service_window"],
        "candidates": ["undeliverable"],
        "problem_text": "(#131047) Re-engagement message",
        "last_customer_message": {"window_open": True, "last_message_at": "2026-12-07T10:00:00+00:00"},
    }
    got = slot_events(run(ActionConverse(), dispatcher, make_tracker(domain, "no", intent="deny", slots=slots), domain))
    said = texts(dispatcher)
    assert "same business number" in said and got.get("cause") is None
    tracker = make_tracker(domain, "no", intent="deny", slots=slots)
    tracker.events.append({"event": "bot", "text": dispatcher.messages[0]["text"]})
    dispatcher.messages.clear()
    run(ActionConverse(), dispatcher, tracker, domain)
    assert "Meta could not deliver" not in texts(dispatcher)


def test_a_campaign_group_fixed_mid_questions_takes_up_the_next_group(domain, dispatcher):
    from actions.close import ActionClose

    slots = {"cause": "ecosystem_limit", "tried_causes": ["ecosystem_limit"], "problem_text": EXPORT}
    tracker = make_tracker(domain, "sim, resolveu", intent="solved", active_loop="troubleshoot_form", slots=slots)
    events = run(ActionClose(), dispatcher, tracker, domain)
    assert slot_events(events)["cause"] == "marketing_opt_out"
    assert any(e.get("event") == "followup" and e.get("name") == "troubleshoot_form" for e in events)


def test_a_customer_who_chats_with_the_business_is_not_next_said_to_have_no_whatsapp(domain, dispatcher):
    slots = {
        "awaiting": "fix_outcome",
        "cause": "undeliverable",
        "tried_causes": ["undeliverable"],
        "candidates": ["not_on_whatsapp", "blocked_by_recipient", "invalid_phone_format"],
        "undeliverable_reason": "chats_fine",
    }
    got = slot_events(run(ActionConverse(), dispatcher, make_tracker(domain, "no", intent="deny", slots=slots), domain))
    assert got["cause"] == "invalid_phone_format"
