"""Conversations as real users have them, over REST on the real servers (issue 9).

Each test is one of the conversations that went wrong before: the reply's language
and content are asserted, not only the slots.
"""

from __future__ import annotations

from typing import List

from diagnosis.language.detect import scores


def language_of(text: str) -> str:
    found = scores(text)
    return max(found, key=found.get) if found else ""


def replies(user, text: str) -> List[dict]:
    said = user.say(text)
    assert said, f"no reply to {text!r}"
    assert len(said) <= 3, [m.get("text") for m in said]
    return said


def joined(messages: List[dict]) -> str:
    parts = []
    for m in messages:
        parts.append(m.get("text", ""))
        parts += [b.get("title", "") for b in m.get("buttons", [])]
    return "\n".join(parts)


def slots(user) -> dict:
    return user.tracker()["slots"]


def test_a_spanish_user_is_answered_in_spanish_buttons_included(user):
    said = replies(user, "hola, mi plantilla falla con el error 132001")
    assert language_of(joined(said)) == "es"
    buttons = [b["title"] for m in said for b in m.get("buttons", [])]
    assert "Aprobada" in buttons and "Rechazada" in buttons
    said = replies(user, "está aprobada")
    assert language_of(joined(said)) == "es"
    assert "Reintentar" in joined(said) or "reintent" in joined(said).lower()


def test_a_portuguese_no_after_the_fix_is_not_read_as_fixed(user):
    replies(user, "meu template deu erro 132001")
    replies(user, "aprovado")
    said = joined(replies(user, "não resolveu"))
    assert "🎉" not in said
    assert language_of(said) == "pt"
    assert "*132001* significa" in said  # the code settles the cause: a person, not another guess


def test_no_funciono_and_que_hago_after_the_fix_are_not_read_as_fixed(user):
    replies(user, "(#131047) Re-engagement message, el cliente no responde")
    replies(user, "hace 3 días")
    said = joined(replies(user, "¿qué hago?"))
    assert "🎉" not in said and language_of(said) == "es"
    said = joined(replies(user, "no funcionó"))
    assert "🎉" not in said and "siguiente causa" in said


def test_a_weekday_answer_is_understood(user):
    replies(user, "(#131047) Re-engagement message")
    said = joined(replies(user, "they wrote us on monday"))
    assert "couldn't work out" not in said
    assert "window" in said and "Mon" in said


def test_template_status_in_own_words_and_ok_thanks_is_no_choice(user):
    replies(user, "Template name does not exist in the translation")
    said = joined(replies(user, "it exists in English (UK) only"))
    assert "language code" in said
    assert slots(user)["template_status"] == "approved"


def test_ok_thanks_to_the_template_question_is_not_approved(user):
    replies(user, "Template name does not exist in the translation")
    replies(user, "ok thanks")
    assert slots(user)["template_status"] in (None, "skipped")


def test_thanks_that_solved_it_during_the_phone_question_ends_politely(user):
    said = joined(replies(user, "(#100) Invalid parameter: the to number is not valid"))
    assert "number" in said
    said = joined(replies(user, "thanks, that solved it"))
    assert "glad" in said.lower() and "number" not in said.lower()
    tracker = user.tracker()
    assert not tracker["active_loop"].get("name")


def test_questions_about_whatsapp_are_answered_without_concluding_a_cause(user):
    said = joined(replies(user, "what is the 24 hour window?"))
    assert "24 hours" in said and "131047" in said
    assert slots(user)["cause"] is None
    said = joined(replies(user, "how do I know if they blocked me?"))
    assert "never tells" in said
    assert slots(user)["cause"] is None
    # a code asked about is someone who got it: what it means, then the case goes on
    said = joined(replies(user, "¿qué significa 131049?"))
    assert language_of(said) == "es" and "marketing" in said
    assert slots(user)["cause"] == "ecosystem_limit"


def test_a_vague_symptom_is_narrowed_and_never_loops(user):
    first = joined(replies(user, "message failed red icon"))
    assert "WhatsApp Manager" in first and "template" in first.lower()
    seen = [first]
    for text in ("no idea", "no idea", "still failing", "still failing", "still failing"):
        seen.append(joined(replies(user, text)))
    # no reply is said three times in a row
    for a, b, c in zip(seen, seen[1:], seen[2:]):
        assert not (a == b == c), a
    assert any("person" in s.lower() for s in seen[1:])


def test_a_vague_portuguese_symptom_leads_to_a_likely_cause(user):
    said = joined(replies(user, "mensagem não chega pro cliente"))
    assert language_of(said) == "pt" and "modelo" in said
    replies(user, "mensagem normal")
    said = joined(replies(user, "só um cliente"))
    assert language_of(said) == "pt"
    assert slots(user)["cause"] == "outside_service_window"


def test_a_campaign_named_in_the_first_message_is_not_asked_about(user):
    said = joined(replies(user, "my marketing campaign failed for many customers with error 131049"))
    assert "campaign?" not in said.lower()
    assert slots(user)["campaign"] == "yes"


def test_ok_right_after_the_fix_is_not_an_unknown_error(user):
    replies(user, "(#131047) Re-engagement message")
    replies(user, "3 days ago")
    said = joined(replies(user, "ok"))
    assert "couldn't place" not in said and "tried it" in said


def test_a_correction_recomputes_the_answer(user):
    replies(user, "(#131047) Re-engagement message")
    replies(user, "yesterday at 5pm")
    said = joined(replies(user, "sorry, I meant 5pm IST"))
    assert "IST" in said or "India" in said


def test_the_language_follows_the_user_mid_conversation(user):
    replies(user, "(#131047) Re-engagement message")
    said = joined(replies(user, "perdón, hablo español: el cliente escribió hace dos días"))
    assert language_of(said) == "es"
    said = joined(replies(user, "ok"))
    assert language_of(said) == "es"  # a short "ok" does not switch back


def test_a_greeting_with_the_report_in_the_same_message_gets_the_report_worked_on(user):
    said = joined(replies(user, "hola necesito ayuda urgente!!! los clientes no reciben nada desde esta mañana"))
    assert language_of(said) == "es" and "plantilla" in said  # the narrowing, not a hello
    assert slots(user)["next_step"] == "triage"


def test_what_do_you_mean_mid_question_is_explained_and_asked_again(user):
    replies(user, "mensagem não chega pro cliente")
    said = joined(replies(user, "o que significa isso?"))
    assert language_of(said) == "pt" and "aprovada pela Meta" in said
    assert slots(user)["message_kind"] is None


def test_a_window_still_open_moves_on_to_a_cause_for_normal_messages(user):
    replies(user, "my text replies never reach the customer, only the templates go out")
    said = joined(replies(user, "2 hours ago"))
    assert "still open" in said and "probably not this one" in said
    assert slots(user)["cause"] not in ("outside_service_window", "template_not_approved", "ecosystem_limit")
