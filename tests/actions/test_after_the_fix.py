"""about_the_fix: a sentence after the fix that names no new error."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from diagnosis.followup import answer

from actions.after_the_fix import about_the_fix

from .conftest import make_tracker, texts

NOW = "2026-12-07T21:00:00+00:00"


def _window_case(domain, text, lang="en"):
    earlier = answer("last_customer_message", "yesterday about 4pm", {"language": lang, "now": NOW})
    slots = {
        "cause": "outside_service_window",
        "awaiting": "fix_outcome",
        "language": lang,
        "last_customer_message": earlier.value,
    }
    return make_tracker(domain, text, intent="inform", slots=slots)


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_zone_given_after_the_fix_works_the_earlier_time_out_again(domain, dispatcher):
    """'yesterday about 4pm' was read as UTC; 'wait we're in chicago' reads it in Chicago."""
    tracker = _window_case(domain, "wait we're in chicago")
    slots = _slots(about_the_fix(dispatcher, tracker, domain, "wait we're in chicago", "en"))
    assert slots["last_customer_message"]["last_message_at"].startswith("2026-12-06T22:00")  # 16:00 CST
    assert "CST" in texts(dispatcher) and "still on" not in texts(dispatcher)
    assert dispatcher.messages[-1]["buttons"]


def test_a_new_time_after_the_fix_is_read(domain, dispatcher):
    # "yesterday" is in the past at any hour the test runs ("today at 9am" is not, before 9)
    text = "no, it was yesterday at 9am"
    slots = _slots(about_the_fix(dispatcher, _window_case(domain, text), domain, text, "en"))
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    assert slots["last_customer_message"]["last_message_at"].startswith(yesterday + "T09:00")


def test_a_question_with_no_answer_is_said_honestly_not_im_still_on(domain, dispatcher):
    text = "and how do I check which of our two numbers she wrote to?"
    about_the_fix(dispatcher, _window_case(domain, text), domain, text, "en")
    said = texts(dispatcher)
    assert "don't know that one for sure" in said and "still on" not in said


def test_still_failing_in_the_users_words_moves_on(domain, dispatcher):
    text = "liguei pro cliente, ele disse q o cel ta ligado e ta usando o zap normal, mas nao chegou nada"
    tracker = make_tracker(
        domain, text, intent="inform", slots={"cause": "pending_delivery", "awaiting": "fix_outcome", "language": "pt"}
    )
    about_the_fix(dispatcher, tracker, domain, text, "pt")
    assert "Continuo em" not in texts(dispatcher) and "feliz" not in texts(dispatcher)


def test_a_question_after_it_arrived_is_no_success(domain, dispatcher):
    text = "ele recebeu o codigo mas onde eu digito?"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        slots={"cause": "test_number_not_allowed", "awaiting": "fix_outcome", "language": "pt"},
    )
    about_the_fix(dispatcher, tracker, domain, text, "pt")
    assert "resolveu" not in texts(dispatcher).split("?")[0]  # not "que bom que resolveu"
    assert "feliz" not in texts(dispatcher)


def test_no_file_after_a_media_fix_moves_past_both_media_causes(domain, dispatcher):
    text = "there's no file?? it's just text"
    tracker = make_tracker(
        domain,
        text,
        intent="inform",
        slots={"cause": "media_error", "awaiting": "fix_outcome", "candidates": ["media_too_large", "undeliverable"]},
    )
    slots = _slots(about_the_fix(dispatcher, tracker, domain, text, "en"))
    assert slots.get("cause") not in (None, "media_error", "media_too_large")


def test_the_same_causes_new_code_after_the_fix_is_explained_not_handed_off(domain, dispatcher):
    """190 fixed, then '(#10) ... permission': the same cause's next step, its answers kept."""
    import asyncio

    from actions.diagnose import ActionDiagnose
    from actions.pasted import SLOT, facts_slot

    first = '{"error":{"message":"Session has expired","type":"OAuthException","code":190,"error_subcode":463}}'
    import diagnosis

    text = "now I get (#10) Application does not have permission for this action"
    slots = {
        "cause": "auth_failed",
        "awaiting": "fix_outcome",
        "token_type": "system_user",
        "problem_text": first,
        **facts_slot(diagnosis.classify(first)),
    }
    tracker = make_tracker(domain, text, intent="report_problem", slots=slots)
    events = asyncio.run(ActionDiagnose().run(dispatcher, tracker, domain))
    said = texts(dispatcher)
    assert "nothing else" not in said and "support team" not in said  # no handoff
    slots = _slots(events)
    assert slots["cause"] == "auth_failed" and slots.get("token_type", "system_user") == "system_user"
    assert slots[SLOT]["details"]["permission_code"] == "10"  # the fix says what (#10) asks for


def test_the_permission_code_is_said_under_the_fix():
    from actions.messages import details_line

    line = details_line("auth_failed", {"permission_code": "10"}, "es")
    assert "(#10)" in line and "whatsapp_business_messaging" in line


EXPORT = (
    "phone,status,error_code,error_title\n"
    "5511987654321,failed,131049,healthy ecosystem engagement\n"
    "5511987654322,failed,131049,healthy ecosystem engagement\n"
    "5511987654323,failed,131056,pair rate limit hit\n"
    "5511987654324,failed,131050,This recipient has chosen to stop receiving marketing messages\n"
)


def _campaign(domain, text):
    slots = {"awaiting": "fix_outcome", "cause": "ecosystem_limit", "tried_causes": ["ecosystem_limit"]}
    return make_tracker(domain, text, intent="inform", slots=dict(slots, problem_text=EXPORT))


def test_the_next_group_asked_for_in_words(domain, dispatcher):
    text = "ok got it, we'll retry those tomorrow. what about the rest?"
    slots = _slots(about_the_fix(dispatcher, _campaign(domain, text), domain, text, "en"))
    assert slots["cause"] in ("rate_limit", "marketing_opt_out") and "Next, the one" in texts(dispatcher)


def test_a_group_named_is_the_one_taken_up(domain, dispatcher):
    text = "listo, ya les puse el cupon. y el del rate limit?"
    slots = _slots(about_the_fix(dispatcher, _campaign(domain, text), domain, text, "es"))
    assert slots["cause"] == "rate_limit" and "Ahora, el que falló" in texts(dispatcher)


def test_marketing_to_us_numbers_is_paused_not_retried_in_a_day():
    from actions.messages import details_line

    line = details_line("ecosystem_limit", {"us_recipients": "yes"}, "en")
    assert "+1" in line and "don't retry" in line


def test_the_us_pause_has_no_retry_after_a_day():
    from actions.messages import fix_message

    fix = fix_message("ecosystem_limit", "en", {"us_recipients": "yes"}, {})
    assert "about 24 hours" not in fix and "+1" in fix


def test_asking_why_the_window_code_came_while_the_window_is_open_says_what_is_off(domain, dispatcher):
    text = "so why did twilio give me 63016 then??"
    slots = {
        "cause": "outside_service_window",
        "awaiting": "fix_outcome",
        "last_customer_message": {"window_open": True, "last_message_at": "2026-12-07T14:00:00+00:00"},
    }
    about_the_fix(dispatcher, make_tracker(domain, text, intent="ask_info", slots=slots), domain, text, "en")
    said = texts(dispatcher)
    assert "same business number" in said and "sent when the window was already closed" not in said


def test_where_to_make_a_template_is_answered(domain, dispatcher):
    text = "wait its thursday not friday. anyway where do i make a template? we use twilio"
    about_the_fix(dispatcher, _window_case(domain, text), domain, text, "en")
    assert "Content Template Builder" in texts(dispatcher)


def test_a_time_corrected_in_words_is_worked_out_again_not_taken_for_still_failing(domain, dispatcher):
    """'oh wait no, ... on this one she last wrote on friday' opens with 'no': it was
    read as 'still failing' and handed off with the old, open window."""
    from actions.after_the_fix import retimes

    text = "oh wait no, that was 10 hours ago on her other number. on this one she last wrote on friday"
    tracker = _window_case(domain, text)
    assert retimes(tracker, text, "en")
    slots = _slots(about_the_fix(dispatcher, tracker, domain, text, "en"))
    assert slots["last_customer_message"]["window_open"] is False
    assert "closed" in texts(dispatcher) and "Someone who can look" not in texts(dispatcher)
    assert not retimes(
        _window_case(domain, "no, still failing since yesterday"), "no, still failing since yesterday", "en"
    )


def test_it_works_and_a_question_about_resending_gets_both(domain, dispatcher):
    """'...e voltou! mas e as msgs q falharam ontem, mando de novo?' named a Meta outage."""
    text = "liguei pra agencia, eles reconectaram e voltou! mas e as msgs q falharam ontem a tarde, mando de novo?"
    tracker = make_tracker(
        domain, text, intent="inform", slots={"cause": "auth_failed", "awaiting": "fix_outcome", "language": "pt"}
    )
    about_the_fix(dispatcher, tracker, domain, text, "pt")
    said = texts(dispatcher)
    assert "reenvie" in said.lower() and "feliz" in said
    assert "Meta" not in said.split("feliz")[0]
