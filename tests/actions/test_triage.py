"""The narrowing of a vague symptom: answers lead to a likely cause, keeping what was said."""

from __future__ import annotations

import asyncio

import pytest

from actions.triage import ActionTriageDone, ValidateTriageForm

from .conftest import make_tracker, slot_events, texts


def test_two_answers_lead_to_the_likely_cause_and_a_campaign_said_first_is_kept(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "a varios, no a todos",
        intent="inform",
        slots={
            "message_kind": "template",
            "failure_scope": "some",
            "cause": "unknown",
            "problem_text": "los mensajes de la campaña de ayer no les llegaron a varios clientes",
            "language": "es",
        },
    )
    slots = slot_events(asyncio.run(ActionTriageDone().run(dispatcher, tracker, domain)))
    assert slots["cause"] == "ecosystem_limit" and slots["next_step"] == "troubleshoot"
    assert slots["campaign"] == "yes" and slots["failure_scope"] == "some"
    assert "la causa más probable" in texts(dispatcher)


def test_answers_that_tell_nothing_say_where_the_error_is(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "no idea",
        intent="dont_know",
        slots={"message_kind": "not_sure", "failure_scope": "skipped", "cause": "unknown"},
    )
    slots = slot_events(asyncio.run(ActionTriageDone().run(dispatcher, tracker, domain)))
    assert slots["next_step"] == "listen" and slots["awaiting"] == "error"
    assert "WhatsApp Manager" in texts(dispatcher)


def test_a_pasted_error_ends_the_narrowing(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "(#131047) Re-engagement message",
        intent="report_problem",
        active_loop="triage_form",
        slots={"requested_slot": "message_kind", "cause": "unknown"},
    )
    values = ValidateTriageForm().validate_message_kind("(#131047) Re-engagement message", dispatcher, tracker, domain)
    assert values["cause"] == "outside_service_window"
    assert values["message_kind"] == values["failure_scope"] == "skipped"


def test_no_idea_to_a_narrowing_question_is_an_answer_not_a_miss(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "ni idea",
        intent="dont_know",
        active_loop="triage_form",
        slots={"requested_slot": "failure_scope", "language": "es"},
    )
    values = ValidateTriageForm().validate_failure_scope("ni idea", dispatcher, tracker, domain)
    assert values["failure_scope"] == "not_sure" and not dispatcher.messages


def test_the_other_questions_answer_is_taken_and_this_one_asked_again(domain, dispatcher):
    """'all of them' to 'a template or a normal message?' answers 'for whom?'."""
    tracker = make_tracker(
        domain, "all of them", intent="inform", active_loop="triage_form", slots={"requested_slot": "message_kind"}
    )
    values = ValidateTriageForm().validate_message_kind("all of them", dispatcher, tracker, domain)
    assert values["failure_scope"] == "all" and values["message_kind"] is None
    assert not dispatcher.messages  # no "sorry, I didn't catch that": the form asks again


def test_an_answer_to_neither_question_is_a_miss(domain, dispatcher):
    tracker = make_tracker(
        domain, "banana", intent="inform", active_loop="triage_form", slots={"requested_slot": "message_kind"}
    )
    values = ValidateTriageForm().validate_message_kind("banana", dispatcher, tracker, domain)
    assert values["message_kind"] is None and "failure_scope" not in values
    assert values["reask"]  # asked again with the options: a miss


def test_what_the_report_says_is_not_asked(domain, dispatcher):
    from actions.diagnose import ActionDiagnose

    report = "our marketing blast last night - the numbers show failed in the dashboard, no code"
    slots = slot_events(asyncio.run(ActionDiagnose().run(dispatcher, make_tracker(domain, report), domain)))
    assert slots["next_step"] == "triage"
    assert slots["message_kind"] == "template" and slots["failure_scope"] is None
    assert "one quick question" in texts(dispatcher)


def test_a_share_that_failed_answers_how_many(domain, dispatcher):
    from actions.diagnose import ActionDiagnose

    report = "our marketing blast last night - 40% of the numbers show failed in the dashboard, no code"
    slots = slot_events(asyncio.run(ActionDiagnose().run(dispatcher, make_tracker(domain, report), domain)))
    assert slots["message_kind"] == "template" and slots["failure_scope"] == "some"
    assert "already narrows it down" in texts(dispatcher)  # no question left to ask


def test_a_report_answer_survives_the_forms_activation(domain, dispatcher):
    # Rasa validates slots filled before the form starts with no requested_slot
    tracker = make_tracker(
        domain, "our marketing blast failed", active_loop="triage_form", slots={"message_kind": "template"}
    )
    out = ValidateTriageForm()._validate("message_kind", "template", dispatcher, tracker, domain)
    assert out == {"message_kind": "template"}
    junk = ValidateTriageForm()._validate("message_kind", "our marketing blast failed", dispatcher, tracker, domain)
    assert junk == {"message_kind": None}


def test_the_report_answers_the_causes_questions_too(domain, dispatcher):
    tracker = make_tracker(
        domain,
        "some",
        intent="inform",
        slots={
            "message_kind": "template",
            "failure_scope": "some",
            "problem_text": "our marketing blast last night - 40% of the numbers show failed",
        },
    )
    slots = slot_events(asyncio.run(ActionTriageDone().run(dispatcher, tracker, domain)))
    assert slots.get("template_category") == "marketing"


def test_a_question_about_the_question_is_explained_not_taken_as_its_choice(domain, dispatcher):
    """'what do you mean by template?' names a choice but answers nothing: the terms are
    explained and the question asked again; the slot stays empty."""
    for slot, text, lang, word in [
        ("message_kind", "what do you mean by template?", "en", "approved by Meta"),
        ("failure_scope", "o que significa isso?", "pt", "um cliente só"),
        ("failure_scope", "¿a qué te refieres?", "es", "un solo cliente"),
    ]:
        tracker = make_tracker(
            domain, text, intent="ask_info", active_loop="triage_form", slots={"requested_slot": slot, "language": lang}
        )
        values = ValidateTriageForm()._validate(slot, text, dispatcher, tracker, domain)
        assert values[slot] is None, text
        assert word in values["reask"], text


def test_a_detail_that_names_the_cause_ends_the_narrowing(domain, dispatcher):
    """'é um vídeo de uns 30mb em mp4' answers neither question but says what failed."""
    text = "é um vídeo de uns 30mb em mp4"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "message_kind", "language": "pt"},
    )
    values = ValidateTriageForm()._validate("message_kind", text, dispatcher, tracker, domain)
    assert values["cause"] == "media_too_large"
    assert values["message_kind"] == values["failure_scope"] == "skipped"
    assert values["media_details"]["size_bytes"] > 16 * 1024 * 1024  # said, so not asked again
    assert "Então a causa é" in texts(dispatcher)


def test_a_normal_message_said_to_the_scope_question_is_taken_not_diagnosed(domain, dispatcher):
    """'a normal message' reads as the window to the classifier; here it answers the other question."""
    tracker = make_tracker(
        domain,
        "a normal message",
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "failure_scope"},
    )
    values = ValidateTriageForm()._validate("failure_scope", "a normal message", dispatcher, tracker, domain)
    assert values["message_kind"] == "normal" and "cause" not in values


def test_a_cause_found_during_the_narrowing_keeps_what_the_user_already_said(domain, dispatcher):
    from diagnosis.followup import answer

    size = answer("media_details", "a 30 MB mp4 video", {}).value
    slots = {"cause": "media_too_large", "media_details": size, "message_kind": "skipped", "failure_scope": "skipped"}
    tracker = make_tracker(domain, "a 30 MB mp4 video", intent="inform", slots=slots)
    values = slot_events(asyncio.run(ActionTriageDone().run(dispatcher, tracker, domain)))
    assert values.get("cause", "media_too_large") == "media_too_large"
    assert values.get("media_details", size) == size  # not cleared: the form won't ask it again


def test_the_customers_last_message_timed_long_ago_ends_the_narrowing_on_the_window(domain, dispatcher):
    """'me escribió el jueves en la tarde' to 'template or normal?': the window closed days
    ago, so the window is worked on with its own question answered (not asked again)."""
    text = "me escribió el jueves en la tarde"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "message_kind", "language": "es"},
    )
    values = ValidateTriageForm()._validate("message_kind", text, dispatcher, tracker, domain)
    assert values["cause"] == "outside_service_window"
    assert values["last_customer_message"]["window_open"] is False
    assert values["message_kind"] == values["failure_scope"] == "skipped"
    assert "ventana" in texts(dispatcher)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("son respuestas normales que les damos a clientes que nos escribieron hace unos días", "es"),
        ("just normal replies, to customers who wrote to us a few days ago", "en"),
        ("sei la, eu so atendo. respondi o cliente q tinha mandado msg semana passada", "pt"),
    ],
)
def test_an_answer_with_the_customers_last_message_beside_it_ends_on_the_window(domain, dispatcher, text, lang):
    """The answer ('normal replies') was taken and the time beside it dropped: the window's
    question was asked again after the narrowing."""
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "message_kind", "language": lang},
    )
    values = ValidateTriageForm()._validate("message_kind", text, dispatcher, tracker, domain)
    assert values["cause"] == "outside_service_window"
    assert values["last_customer_message"]["window_open"] is False


def test_the_customers_last_message_within_the_window_rules_it_out(domain, dispatcher):
    text = "she wrote 2 hours ago"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "failure_scope", "language": "en"},
    )
    values = ValidateTriageForm()._validate("failure_scope", text, dispatcher, tracker, domain)
    assert values["failure_scope"] is None and "cause" not in values  # the question is asked again
    assert values["last_customer_message"]["window_open"] is True
    after = make_tracker(
        domain,
        "just one",
        slots={
            "message_kind": "normal",
            "failure_scope": "one_customer",
            "last_customer_message": values["last_customer_message"],
        },
    )
    slots = slot_events(asyncio.run(ActionTriageDone().run(dispatcher, after, domain)))
    assert slots.get("cause") not in (None, "outside_service_window")


def test_a_files_size_beside_a_narrowing_answer_names_the_cause(domain, dispatcher):
    text = "a todos. ah y el video pesa como 25 megas, es un mp4"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        active_loop="triage_form",
        slots={"requested_slot": "failure_scope", "language": "es"},
    )
    values = ValidateTriageForm()._validate("failure_scope", text, dispatcher, tracker, domain)
    assert values["cause"] == "media_too_large"


def test_an_error_pasted_while_narrowing_is_the_first_cause_not_a_different_one(domain, dispatcher):
    """'That looks like a different error' was said although no error had been named yet."""
    text = "(#131026) Message undeliverable"
    tracker = make_tracker(
        domain, text, intent="inform", active_loop="triage_form", slots={"requested_slot": "message_kind"}
    )
    values = ValidateTriageForm()._validate("message_kind", text, dispatcher, tracker, domain)
    assert values["cause"] == "undeliverable"
    assert "So the cause is" in texts(dispatcher) and "different error" not in texts(dispatcher)
