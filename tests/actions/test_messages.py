"""Reply wording built from the knowledge."""

import pytest

from diagnosis.language import say

from actions import messages


def test_fix_message_numbers_the_steps_and_says_when_to_retry():
    text = messages.fix_message("outside_service_window")
    assert "1. " in text and "2. " in text
    assert "*Retry:*" in text


def test_wait_time_is_said_in_words():
    import diagnosis

    for cause in diagnosis.knowledge().causes():
        advice = messages.retry_advice(cause)
        assert advice.strip(), cause


def test_other_scripts_are_told_which_languages_are_read():
    assert messages.unknown_message([], "مرحبا، رسالتي لم تصل").startswith("I read English")
    assert not messages.unknown_message([], "mi mensaje no llegó").startswith("I read")
    assert not messages.unknown_message([], "🙂🙂").startswith("I read")


def test_a_finding_said_with_a_question_is_summarised_without_the_question():
    finding = "14 MB is too big to send as an image (5 MB). What kind of file is it (image, video)?"
    summary = messages.handoff_summary("x", ["media_too_large"], [finding])
    assert "14 MB is too big to send as an image (5 MB)." in summary and "What kind of file" not in summary


def test_handoff_summary_is_short_and_names_what_was_checked():
    summary = messages.handoff_summary("x" * 5000, ["media_too_large"], ["A 20 MB video."])
    assert len(summary) < 1000
    assert "A 20 MB video." in summary
    assert messages.cause_title("media_too_large") in summary


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_a_person_asked_for_before_any_report_gets_no_empty_summary(lang):
    summary = messages.handoff_summary(None, [], [], lang)
    assert say("replies.handoff.no_case", lang) in summary
    assert say("replies.handoff.not_given", lang) not in summary
    assert say("replies.handoff.intro", lang) not in summary


def test_the_fix_says_what_the_details_tell_about_this_case():
    from actions.messages import fix_message

    said = fix_message("template_not_approved", "en", {"template": "order_update", "language": "en_US"})
    assert said.startswith("*In your case:* *order_update* has no approved version in en_US")
    said = fix_message("template_parameter_mismatch", "es", {"expected_params": "2", "received_params": "1"})
    assert "espera 2 variables" in said and "envió 1" in said
    said = fix_message("auth_failed", "pt", {"subcode": "463"})
    assert "subcódigo 463" in said
    assert "In your case" not in fix_message("auth_failed", "en", {})


def test_a_pending_message_is_not_said_to_fail_the_same_way():
    from actions.messages import retry_advice

    said = retry_advice("pending_delivery", "en")
    assert "fail the same way" not in said and "arrive twice" in said


def test_a_message_in_a_language_tickfix_does_not_speak_gets_the_three_it_speaks(domain, dispatcher):
    from actions.say import ActionOutOfScope

    from .conftest import make_tracker, run, texts

    tracker = make_tracker(domain, "bonjour, mes messages whatsapp ne sont pas livrés", intent="out_of_scope")
    tracker.slots["language"] = None  # a first message: no language yet
    run(ActionOutOfScope(), dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert "I read English, Spanish and Portuguese" in said and "Leo inglés, español y portugués" in said
    assert "Eu leio inglês, espanhol e português" in said


def test_out_of_scope_in_english_stays_out_of_scope(domain, dispatcher):
    from actions.say import ActionOutOfScope

    from .conftest import make_tracker, run, texts

    tracker = make_tracker(domain, "what is the weather like in Paris today?", intent="out_of_scope")
    run(ActionOutOfScope(), dispatcher, tracker, domain)
    assert "only help with WhatsApp messages" in texts(dispatcher)


def test_a_report_in_french_is_not_narrowed_in_a_language_the_user_did_not_write(domain, dispatcher):
    from actions.diagnose import ActionDiagnose

    from .conftest import make_tracker, run, slot_events, texts

    tracker = make_tracker(domain, "bonjour, mes messages whatsapp ne sont pas livrés depuis hier")
    slots = slot_events(run(ActionDiagnose(), dispatcher, tracker, domain))
    assert "I read English, Spanish and Portuguese" in texts(dispatcher)
    assert slots.get("next_step") != "triage"


def test_a_disabled_template_is_never_retried_though_a_paused_one_waits():
    from actions import messages

    disabled = messages.fix_message("template_paused_or_disabled", "en", None, {"template_status": "disabled"})
    paused = messages.fix_message("template_paused_or_disabled", "en", None, {"template_status": "paused"})
    assert "Don't retry this message" in disabled and "after about 3 hours" not in disabled
    assert "after about 3 hours" in paused


def test_the_pair_rate_limit_is_retried_in_seconds_to_that_customer():
    from actions import messages

    said = messages.fix_message("rate_limit", "en", None, {}, ["131056"])
    assert "after at least 6 seconds" in said and "about 6 minutes" not in said
    assert "about 6 minutes" in messages.fix_message("rate_limit", "en", None, {}, ["130429"])


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_a_fix_step_the_answers_did_already_is_left_out(lang):
    from diagnosis.followup import answer
    from diagnosis.language import say_list

    from actions.messages import fix_message

    check_step = say_list("causes.outside_service_window.fix", lang)[0]
    assert check_step in fix_message("outside_service_window", lang, {}, {})
    assert check_step in fix_message("outside_service_window", lang, {}, {"last_customer_message": "not_sure"})
    assert check_step in fix_message("outside_service_window", lang, {}, {"last_customer_message": "skipped"})
    worked_out = answer("last_customer_message", "3 days ago", {"language": "en"}).value
    said = fix_message("outside_service_window", lang, {}, {"last_customer_message": worked_out})
    assert check_step not in said and "1. " in said


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_a_token_error_on_twilio_says_twilio_holds_the_token(lang):
    from diagnosis.language import say

    from actions.messages import fix_message

    note = say("details.on_provider.auth_failed.twilio", lang)
    assert note in fix_message("auth_failed", lang, {}, {}, (), "twilio")
    assert note not in fix_message("auth_failed", lang, {}, {}, (), "meta")


def test_a_customer_who_unblocked_the_business_is_retried_now(domain):
    """'she says she unblocked us yesterday tho' got 'don't retry, wait until they unblock you'."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.give_fix import ActionGiveFix

    from .conftest import make_tracker, texts

    said = "i just told you, she blocked us. she says she unblocked us yesterday tho"
    tracker = make_tracker(domain, said, slots={"cause": "blocked_by_recipient"})
    tracker.events = [{"event": "user", "text": "she blocked our number by accident"}, {"event": "user", "text": said}]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGiveFix().run(dispatcher, tracker, domain))
    reply = texts(dispatcher)
    assert say("details.unblocked", "en") in reply and say("replies.retry.now", "en") in reply
    assert "Don't retry" not in reply
