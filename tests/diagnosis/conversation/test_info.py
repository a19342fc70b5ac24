"""Questions about WhatsApp answered from the knowledge, in the user's language."""

from __future__ import annotations

import pytest

from diagnosis.conversation.info import answer_question, help_for_question


@pytest.mark.parametrize(
    "text, lang, topic, cause, word",
    [
        ("what is the 24 hour window?", "en", "window", "", "24 hours"),
        ("how long does template review take?", "en", "template_review", "", "24 hours"),
        ("how do I know if they blocked me?", "en", "blocked", "", "never tells"),
        ("what does one grey tick mean?", "en", "ticks", "", "tick"),
        ("what does 131026 mean?", "en", "", "undeliverable", "131026"),
        ("¿qué significa 131049?", "es", "", "ecosystem_limit", "131049"),
        ("o que é a janela de 24 horas?", "pt", "window", "", "janela"),
    ],
)
def test_questions_are_answered(text, lang, topic, cause, word):
    found = answer_question(text, lang)
    assert found is not None
    assert found.topic == topic and found.cause == cause
    assert word in found.text


def test_a_report_is_not_answered_as_a_question():
    assert answer_question("my campaign failed with 131049", "en") is None
    assert answer_question("what's the weather like?", "en") is None


@pytest.mark.parametrize(
    "text, lang",
    [
        ("¿cuánto tarda en aprobarse una plantilla?", "es"),
        ("quanto tempo demora para aprovar um modelo?", "pt"),
        ("how long does a template take to be approved?", "en"),
    ],
)
def test_template_review_time_in_own_words(text, lang):
    found = answer_question(text, lang)
    assert found is not None and found.topic == "template_review"


@pytest.mark.parametrize(
    "text, lang, word",
    [
        ("what does that even mean?", "en", "approved by Meta"),
        ("¿qué significa eso?", "es", "aprobado por Meta"),
        ("o que é isso?", "pt", "aprovada pela Meta"),
    ],
)
def test_what_it_means_explains_the_pending_question(text, lang, word):
    found = answer_question(text, lang, pending_question="message_kind")
    assert found is not None and found.topic == "message_types"
    assert word in found.text
    # mid-question the bot asks its question again: no offer to paste an error in between
    assert "paste" not in found.text.lower() and "pega" not in found.text.lower()


def test_what_it_means_without_a_pending_question_is_not_guessed():
    assert answer_question("what does that mean?", "en") is None


def test_what_is_a_template_is_answered_anywhere():
    found = answer_question("what's a template?", "en")
    assert found is not None and found.topic == "message_types"


@pytest.mark.parametrize(
    "question, text, lang, word",
    [
        ("template_status", "where do I see that?", "en", "Message templates"),
        ("template_status", "não sei onde vejo isso", "pt", "Modelos de mensagem"),
        ("messaging_tier", "¿dónde lo veo?", "es", "Números de teléfono"),
        ("message_kind", "what does that mean", "en", "approved by Meta"),
    ],
)
def test_help_for_the_pending_question(question, text, lang, word):
    assert word in help_for_question(question, text, lang)


@pytest.mark.parametrize(
    "question, text",
    [
        ("template_status", "approved"),
        ("recipient_number", "where"),
        ("", "where do I see that?"),
    ],
)
def test_no_help_when_none_is_asked_or_there_is_none(question, text):
    from diagnosis.conversation.info import help_for_question

    assert help_for_question(question, text, "en") is None


def test_every_where_to_look_is_for_a_question_that_exists():
    from diagnosis.followup import questions
    from diagnosis.language import catalogue

    ids = set(questions().ids())
    for lang, keys in catalogue().by_lang.items():
        wheres = [k.split(".")[1] for k in keys if k.startswith("questions.") and k.endswith(".where")]
        assert wheres and set(wheres) <= ids, lang


@pytest.mark.parametrize(
    "text, lang, word",
    [
        ("what is the token?", "en", "Authorization"),
        ("¿qué es el token?", "es", "encabezado"),
        ("o que é o token?", "pt", "cabeçalho"),
    ],
)
def test_what_the_token_is_is_answered(text, lang, word):
    found = answer_question(text, lang)
    assert found is not None and found.topic == "token" and word in found.text


@pytest.mark.parametrize(
    "question, text, lang, words",
    [
        ("parameter_problem", "¿qué significa eso?", "es", "{{1}}"),
        ("campaign", "what do you mean?", "en", "not sure"),
        ("recipient_number", "o que significa isso?", "pt", "não sei"),
    ],
)
def test_what_it_means_is_always_answered_mid_question(question, text, lang, words):
    """A question with its own topic explains its terms; any other says why it is asked."""
    from diagnosis.conversation.info import help_for_question

    found = help_for_question(question, text, lang)
    assert found and words in found


def test_how_long_a_review_takes_asked_mid_question_is_answered():
    from diagnosis.conversation.info import help_for_question

    found = help_for_question("template_status", "¿cuánto tarda en revisarse de nuevo?", "es")
    assert found and "24" in found


@pytest.mark.parametrize(
    "text, lang",
    [
        ("is there a way to get more detail?", "en"),
        ("¿cómo veo más detalles?", "es"),
        ("onde vejo mais detalhes?", "pt"),
    ],
)
def test_asking_for_more_detail_is_told_where_the_exact_error_is(text, lang):
    found = answer_question(text, lang)
    assert found is not None and found.topic == "error_location"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("how do I send a template from Twilio?", "en"),
        ("y cómo mando una plantilla desde twilio?", "es"),
        ("como envio um modelo?", "pt"),
    ],
)
def test_how_to_send_a_template_is_answered(text, lang):
    found = answer_question(text, lang)
    assert found is not None and found.topic == "send_template" and "ContentSid" in found.text


@pytest.mark.parametrize(
    "text, lang",
    [
        ("I don't know the code, how do I find it?", "en"),
        ("no sé el código, ¿cómo lo encuentro?", "es"),
        ("não sei o código, onde vejo?", "pt"),
    ],
)
def test_not_knowing_the_code_is_told_where_it_is(text, lang):
    found = answer_question(text, lang, "message_kind")
    assert found is not None and found.topic == "error_location"


def test_when_to_resend_is_the_current_causes_retry_note():
    from diagnosis.language import say

    found = answer_question("¿y cuándo puedo reenviar?", "es", "campaign", "ecosystem_limit")
    assert found is not None and found.text == say("causes.ecosystem_limit.retry_note", "es")
    found = answer_question("quando posso reenviar?", "pt", "", "rate_limit")
    assert found is not None and found.text == say("causes.rate_limit.retry_note", "pt")


def test_when_to_resend_before_any_cause_says_it_depends_on_the_cause():
    found = answer_question("when can I retry?", "en")
    assert found is not None and found.topic == "retry_when" and "depends on the cause" in found.text


def test_when_to_resend_mid_question_is_the_current_causes_retry_note():
    from diagnosis.conversation.info import help_for_question
    from diagnosis.language import say

    said = help_for_question("campaign", "¿y cuándo puedo reenviar?", "es", "ecosystem_limit")
    assert said == say("causes.ecosystem_limit.retry_note", "es")


def test_every_topic_has_its_answer_in_every_language():
    from diagnosis.conversation.info import topic_key, topics
    from diagnosis.language import LANGS, catalogue

    for topic in {t for _, t in topics()}:
        key = topic_key(topic)
        for lang in LANGS:
            assert key in catalogue().by_lang[lang], (topic, key, lang)


def test_how_long_a_pause_lasts_is_the_paused_advice_said_once():
    from diagnosis.language import say

    found = answer_question("ok, ¿y cuánto tiempo dura la pausa?", "es", "quality_rating")
    assert found is not None and found.text == say("questions.template_status.choices.paused.advice", "es")


@pytest.mark.parametrize(
    "text, lang",
    [
        ("e se eu mandar como documento?", "pt"),
        ("¿y si lo mando como documento?", "es"),
        ("what if I send it as a document?", "en"),
    ],
)
def test_sending_as_a_document_is_answered_with_the_document_limit(text, lang):
    found = answer_question(text, lang)
    assert found is not None and found.topic == "send_as_document" and "100 MB" in found.text


@pytest.mark.parametrize(
    "text, lang, cause",
    [
        ("y los de 131026 los reintento?", "es", "undeliverable"),
        ("should I retry the 131049 ones?", "en", "ecosystem_limit"),
        ("os de 131047 eu reenvio?", "pt", "outside_service_window"),
    ],
)
def test_whether_to_retry_a_code_is_that_codes_retry_note(text, lang, cause):
    from diagnosis.language import say

    found = answer_question(text, lang, "template_category")
    assert found is not None and found.cause == cause
    assert say(f"causes.{cause}.retry_note", lang) in found.text


def test_whether_to_retry_a_code_mid_question_is_that_codes_note_not_the_current_causes():
    from diagnosis.conversation.info import help_for_question
    from diagnosis.language import say

    said = help_for_question("template_category", "y los de 131026 los reintento?", "es", "ecosystem_limit")
    assert say("causes.undeliverable.retry_note", "es") in said


@pytest.mark.parametrize(
    "text, lang, words",
    [
        ("we reply from the support number, does that matter?", "en", "one business number"),
        ("usamos outro numero pra responder, o do suporte. faz diferenca?", "pt", "um número da empresa"),
        ("¿importa si respondemos desde otro número?", "es", "un número de la empresa"),
    ],
)
def test_replying_from_another_number_is_answered_the_window_is_per_number(text, lang, words):
    answer = answer_question(text, lang)
    assert answer is not None and words in answer.text
    assert help_for_question("last_customer_message", text, lang) is not None  # mid-question too


@pytest.mark.parametrize(
    "text, lang, opening",
    [
        ("why does that happen?", "en", "Here is why:"),
        ("ok but why", "en", "Here is why:"),
        ("¿y por qué pasa eso?", "es", "Te explico por qué:"),
        ("pq isso acontece?", "pt", "Explico o porquê:"),
    ],
)
def test_why_asked_once_a_cause_is_found_is_its_explanation(text, lang, opening):
    said = answer_question(text, lang, current_cause="outside_service_window").text
    assert said.startswith(opening) and "24" in said
    assert help_for_question("last_customer_message", text, lang, "outside_service_window").startswith(opening)


@pytest.mark.parametrize(
    "text, cause",
    [
        ("why does that happen?", "unknown"),  # nothing found yet: nothing to explain
        ("não sei pq", "outside_service_window"),  # "why" inside a sentence
        ("por que falhou pro (11) 98765-4321?", "outside_service_window"),  # a number: the watch's
    ],
)
def test_why_is_not_read_where_it_is_not_asked_about_the_cause(text, cause):
    from diagnosis.conversation.info import why_answer

    assert why_answer(text, "pt", cause) is None


@pytest.mark.parametrize(
    "text, lang, topic",
    [
        ("so do we get charged for those or not?", "en", "charged"),
        ("¿me los cobran o no?", "es", "charged"),
        ("how long does it take for meta to raise us from 250 to 2000?", "en", "messaging_limit"),
        ("e agora, preciso reenviar?", "pt", "retry_when"),
    ],
)
def test_questions_users_ask_after_a_diagnosis(text, lang, topic):
    assert answer_question(text, lang).topic == topic


@pytest.mark.parametrize(
    "text, asks",
    [
        ("where do i see that?", True),
        ("o que significa isso?", True),
        ("pero por qué pasa esto? no hicimos nada raro", True),
        ("where is the error in the 360dialog hub, I only see a red icon", False),
        ("why does my template keep failing with 132000 since yesterday", False),
    ],
)
def test_a_short_question_back_is_told_from_a_report(text, asks):
    from diagnosis.conversation.info import asks_back

    assert asks_back(text) is asks


def test_the_two_step_pin_asked_mid_question_is_explained():
    said = help_for_question("phone_status", "nao sei o pin, quem configurou saiu da empresa. como reseto?", "pt")
    assert said and "Verificação em duas etapas" in said


@pytest.mark.parametrize(
    "text, lang, topic, words",
    [
        ("cuanto puede pesar un video?", "es", "media_limits", "16 MB"),
        ("how big can a video be?", "en", "media_limits", "16 MB"),
        ("va. y lo mando con el 1 despues del 52 o sin el 1? en el webhook me llega con 521", "es", "mexico_521", "52"),
        ("ayer hablamos por llamada normal con él, eso no abre la ventana?", "es", "call_window", "llamada"),
        ("what's a utility template?", "en", "utility_template", "Utility"),
        ("e quanto custa mandar um template pra ele então?", "pt", "template_cost", "cobra"),
        ("y a quién le escribo para que me ayude con eso? yo no soy programador", "es", "who_to_contact", "soporte"),
    ],
)
def test_questions_people_ask_during_a_case(text, lang, topic, words):
    found = answer_question(text, lang)
    assert found is not None and found.topic == topic and words in found.text


def test_the_media_limits_said_are_the_platforms():
    from diagnosis.platform import platform

    said = answer_question("what's the max size for a video?", "en").text
    assert f"{platform().media['video'].limit() // (1024 * 1024)} MB" in said


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_where_to_see_a_one_tick_cause_is_the_ticks_not_an_error(lang):
    from diagnosis.conversation.info import where_to_confirm
    from diagnosis.language import say

    one_tick = where_to_confirm("pending_delivery", lang)
    assert say("info.topics.ticks", lang) in one_tick
    assert say("info.topics.error_location", lang) not in one_tick
    coded = where_to_confirm("outside_service_window", lang)
    assert say("info.topics.error_location", lang) in coded and "131047" in coded


def test_the_causes_seen_in_ticks_are_causes():
    import diagnosis
    from diagnosis.conversation.info import _info

    assert set(_info().seen_in_ticks) <= set(diagnosis.knowledge().causes())
    assert "pending_delivery" in _info().seen_in_ticks


def test_where_do_i_see_that_during_a_question_with_no_place_of_its_own_says_where_the_cause_shows():
    """'where do i see that?' to 'Do you know anything about this customer's WhatsApp?' got the
    question again and nothing else."""
    from diagnosis.conversation.info import help_for_question, where_to_confirm

    said = help_for_question("undeliverable_reason", "where do i see that?", "en", "blocked_by_recipient")
    assert said == where_to_confirm("blocked_by_recipient", "en")
