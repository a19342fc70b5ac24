"""answers_in_paste: what the pasted error already answers is not asked."""

from __future__ import annotations

import diagnosis

from actions.paste_reading import answers_in_paste

PARAMS_JSON = (
    '{"error":{"message":"(#132000) Number of parameters does not match the expected number of params",'
    '"type":"OAuthException","code":132000,"error_data":{"messaging_product":"whatsapp",'
    '"details":"number of localizable_params (2) does not match the expected number of params (3)"}}}'
)


def test_the_parameter_counts_in_the_details_answer_which_problem_it_is():
    result = diagnosis.classify(PARAMS_JSON)
    assert result.cause == "template_parameter_mismatch"
    assert answers_in_paste(PARAMS_JSON, result, {"language": "pt"})["parameter_problem"] == "count"


def test_without_the_counts_the_problem_is_asked():
    text = "(#132000) Number of parameters does not match the expected number of params"
    assert "parameter_problem" not in answers_in_paste(text, diagnosis.classify(text), {"language": "en"})


def test_a_customer_who_wrote_days_ago_answers_the_window_question():
    text = "error 131047 replying to a customer who wrote to us 3 days ago"
    found = answers_in_paste(text, diagnosis.classify(text), {"language": "en"})
    assert found["last_customer_message"]["window_open"] is False


def test_chatting_with_a_customer_said_beside_not_on_whatsapp_is_kept_for_the_fix():
    """'Invalid WhatsApp number ... pero sí tiene whatsapp, hablo con él a diario': the fix said
    'if the number is right, that person doesn't use WhatsApp'."""
    from diagnosis.language import say

    from actions.messages import fix_message

    text = (
        'mando al 525512345678 y infobip dice "Invalid WhatsApp number" pero si tiene whatsapp, hablo con el a diario'
    )
    result = diagnosis.classify(text)
    found = answers_in_paste(text, result, {"language": "es"})
    assert result.cause == "not_on_whatsapp" and found["undeliverable_reason"] == "chats_fine"
    assert say("details.chats_yet_not_on_whatsapp", "es") in fix_message("not_on_whatsapp", "es", {}, found)
    plain = "Invalid WhatsApp number"
    assert "undeliverable_reason" not in answers_in_paste(plain, diagnosis.classify(plain), {"language": "en"})
