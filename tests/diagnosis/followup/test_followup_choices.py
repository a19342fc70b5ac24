"""Typed answers to choice questions, in English, Spanish and Portuguese."""

from __future__ import annotations

import pytest

from diagnosis.followup import answer, questions


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("template_status", "it says approved", "approved"),
        ("template_status", "Approved", "approved"),
        ("template_status", "aprobada", "approved"),
        ("template_status", "aprovado", "approved"),
        ("template_status", "Está aprobada ✅", "approved"),
        ("template_status", "not approved", "rejected"),
        ("template_status", "no aprobada", "rejected"),
        ("template_status", "não aprovado", "rejected"),
        ("template_status", "rechazada", "rejected"),
        ("template_status", "it's in review", "pending"),
        ("template_status", "pendiente", "pending"),
        ("template_status", "em análise", "pending"),
        ("template_status", "paused", "paused"),
        ("template_status", "pausada", "paused"),
        ("template_status", "desativado", "disabled"),
        ("template_status", "I can't find it", "not_found"),
        ("template_status", "no aparece", "not_found"),
        ("template_status", "não existe", "not_found"),
        ("template_status", "rejectd", "rejected"),  # a typo
        ("template_status", "2", "pending"),  # the 2nd button
        ("template_status", "option 6", "not_found"),
        ("template_status", "not_found", "not_found"),  # a button payload
        ("campaign", "yes", "yes"),
        ("campaign", "sí", "yes"),
        ("campaign", "Sim", "yes"),
        ("campaign", "yeah, a campaign", "yes"),
        ("campaign", "no", "no"),
        ("campaign", "não", "no"),
        ("campaign", "nope", "no"),
        ("campaign", "1", "yes"),
        ("campaign", "2", "no"),
        ("undeliverable_reason", "they blocked us", "blocked"),
        ("undeliverable_reason", "no tiene whatsapp", "no_whatsapp"),
        ("undeliverable_reason", "não sei", "not_sure"),
        ("undeliverable_reason", "no sé", "not_sure"),  # "no sé" is not "no"
        ("undeliverable_reason", "we chat normally", "chats_fine"),
        ("template_category", "marketing", "marketing"),
        ("template_category", "utilidad", "utility"),
        ("template_category", "autenticação", "authentication"),
        ("template_category", "I don't know", "dont_know"),
        ("template_category", "dont_know", "dont_know"),
        ("messaging_tier", "1k", "1k"),
        ("messaging_tier", "1,000", "1k"),
        ("messaging_tier", "2000", "1k"),
        ("messaging_tier", "10.000", "10k"),
        ("messaging_tier", "100K", "100k"),
        ("messaging_tier", "250", "250"),
        ("messaging_tier", "ilimitado", "unlimited"),
        ("token_type", "the temporary one", "temporary"),
        ("token_type", "token permanente", "system_user"),
        ("quality_rating", "verde", "high"),
        ("quality_rating", "amarela", "medium"),
        ("quality_rating", "red", "low"),
        ("number_status", "desconectado", "offline"),
        ("failure_scope", "todos", "all"),
        ("failure_scope", "just one customer", "one_customer"),
        ("error_field", "the number", "to_number"),
        ("error_field", "plantilla", "template"),
        ("billing_status", "card declined", "card_failed"),
        ("media_link_opens", "pide contraseña", "needs_login"),
        ("media_link_opens", "não abre", "no"),
        ("parameter_problem", "saltos de línea", "newline_or_spaces"),
        ("parameter_problem", "faltan variables", "count"),
    ],
)
def test_typed_answers_map_to_the_choice(question, text, expected):
    a = answer(question, text)
    assert a.ok, (question, text, a.reask)
    assert a.value == expected
    assert a.finding
    assert a.reask is None


def test_every_id_title_and_synonym_maps_back_to_its_own_choice():
    for q in questions():
        for c in q.options:
            for text in c.all_synonyms():
                a = answer(q.id, text)
                assert a.ok and a.value == c.id, (q.id, c.id, text, a.value)


def test_the_finding_is_the_choices_advice_and_points_to_a_cause():
    a = answer("template_status", "paused")
    assert a.finding == questions().get("template_status").choice("paused").advice
    assert a.extra == {"points_to": "template_paused_or_disabled"}
    assert answer("undeliverable_reason", "blocked").extra["points_to"] == "blocked_by_recipient"


@pytest.mark.parametrize("text", ["banana", "7", "0", "maybe tomorrow", "", "   ", "🤷"])
def test_unknown_answers_reask_with_the_options(text):
    a = answer("template_status", text)
    assert not a.ok and a.value is None
    assert "1) Approved" in a.reask and "6) Not in the list" in a.reask


def test_tier_numbers_are_values_not_positions():
    a = answer("messaging_tier", "2")
    assert not a.ok
    assert "250" in a.reask and "Unlimited" in a.reask
    assert "1)" not in a.reask


def test_campaign_has_no_not_sure_so_it_reasks():
    assert not answer("campaign", "I don't know").ok


@pytest.mark.parametrize(
    "text, choice",
    [
        ("son plantillas de marketing", "template"),
        ("templates", "template"),
        ("são campanhas", "template"),
        ("eran notificaciones de texto", "normal"),
    ],
)
def test_plural_words_match_their_choice(text, choice):
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["message_kind"], text).id == choice


@pytest.mark.parametrize(
    "text, choice",
    [
        ("acho que ele tem whatsapp sim, a gente conversa", "chats_fine"),
        ("sí tiene whatsapp, hablamos seguido", "chats_fine"),
        ("they have whatsapp, we talk every week", "chats_fine"),
        ("não tem whatsapp", "no_whatsapp"),
        ("he doesnt have whatsapp", "no_whatsapp"),
    ],
)
def test_has_whatsapp_in_the_users_words(text, choice):
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["undeliverable_reason"], text).id == choice


# --- a choice denied in its own clause is not that choice --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("le escribí normal, no era plantilla", "normal"),
        ("not a template, a normal message", "normal"),
        ("não é template, é normal", "normal"),
        ("no, a template", "template"),  # the "no" ends its own clause
        ("a template, not a normal message", "template"),
    ],
)
def test_a_denied_synonym_does_not_pick_its_choice(text, expected):
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["message_kind"], text).id == expected


@pytest.mark.parametrize("text", ["sin plantilla", "it wasn't a template"])
def test_only_a_denial_is_not_a_choice(text):
    # nothing affirmed: re-asked rather than read as the denied choice (or a typo of it)
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["message_kind"], text) is None


@pytest.mark.parametrize(
    "text", ["solo a ese cliente", "só para esse cliente", "only to that customer", "just that one"]
)
def test_that_one_customer_is_the_one_customer_scope(text):
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["failure_scope"], text).id == "one_customer"


@pytest.mark.parametrize("text", ["y cuándo puedo reenviar", "e quando eu reenvio", "y eso qué es"])
def test_a_one_letter_synonym_is_a_whole_answer_only(text):
    # "y" is "yes" on its own, "and" inside a Spanish sentence
    assert not answer("campaign", text).ok
    assert answer("campaign", "y").value == "yes"


@pytest.mark.parametrize("text", ["le contesté", "i replied to him", "eu respondi ela", "le respondí nomás"])
def test_a_reply_said_in_a_verb_is_a_normal_message(text):
    """ "le contesté" to "a template or a normal message?": a reply is a normal message."""
    from diagnosis.followup.choices import match_choice

    assert match_choice(questions()["message_kind"], text).id == "normal"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pues antes si platicabamos normal, ya tiene rato que no contesta. no se si nos haya bloqueado", "not_sure"),
        ("not sure if she blocked us", "not_sure"),
        ("maybe she blocked us?", "not_sure"),  # a guess: never taken for "blocked"
        ("talvez tenha bloqueado, ela reclamou das msgs uma vez", "not_sure"),
        ("acho q ele bloqueou a gente, mas n tenho ctz", "not_sure"),
        ("she blocked us", "blocked"),
        ("creo que nos bloqueó", "blocked"),
    ],
)
def test_a_guess_is_no_answer(text, expected):
    from diagnosis.followup.choices import match_choice

    choice = match_choice(questions()["undeliverable_reason"], text)
    assert (choice.id if choice else None) == expected


@pytest.mark.parametrize(
    "qid, text, choice",
    [
        ("quality_rating", "ta no vermelho", "low"),
        ("quality_rating", "no amarelo", "medium"),
        ("template_status", "ta aprovadinho la, criei ontem em Portuguese", "approved"),
    ],
)
def test_own_words_of_brazilian_users(qid, text, choice):
    from diagnosis.followup import answer

    assert answer(qid, text, {"language": "pt"}).value == choice
