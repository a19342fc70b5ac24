"""The user's language follows their own words, not what they paste nor a lone "ok"."""

from __future__ import annotations

import pytest

from diagnosis.language import detect_language, language_hint


@pytest.mark.parametrize(
    "text, current, expected",
    [
        ("hola", None, "es"),
        ("oi", None, "pt"),
        ("mi plantilla falla con el error 132001", None, "es"),
        ("meu template dá erro 132001", None, "pt"),
        ("my template failed", None, "en"),
        ("não resolveu", "en", "pt"),
        ("no funcionó", "en", "es"),
        ("¿qué significa 131049?", "en", "es"),
        ("still failing", "es", "en"),
        # short turns and pastes keep the language
        ("ok", "es", "es"),
        ("ok", "pt", "pt"),
        ("no", "es", "es"),
        ("131047", "pt", "pt"),
        ('{"error": {"message": "(#131047) Re-engagement message", "code": 131047}}', "es", "es"),
        ("", "pt", "pt"),
        ("🙂🙂", "es", "es"),
    ],
)
def test_language_follows_the_users_own_words(text, current, expected):
    assert detect_language(text, current) == expected


@pytest.mark.parametrize(
    "text, current, expected",
    [
        ("me sale error 131050 User has chosen not to receive marketing messages", None, "es"),
        ("deu erro 130403 Business blocked the user quando mando", "en", "pt"),
        ("(#131026) Message undeliverable", "es", "es"),
        ("(#131026) Message undeliverable", "pt", "pt"),
        ("my message failed with 131047", "es", "en"),
        ("Error 1013: User is not valid", None, "en"),
        ("Twilio 63003 Channel could not find To address", None, "en"),
        # lingua's mixed reading calls this Spanish, its own reading Portuguese (found talking to the bot)
        ("erro 131047 ao responder cliente", None, "pt"),
        ("error 131047 al responder al cliente", None, "es"),
        # a template's name is pasted, not written: "order_update" says nothing of the language
        ("o nome é order_update", "pt", "pt"),
        ("se llama order_update", "es", "es"),
        # prose with commas is no table row (its words were dropped, and the paste made it English)
        (
            "che, por la api le mando a 541145678901 y me tira failed 131026 undeliverable, pero el pibe "
            "tiene whatsapp seguro, hablamos todos los dias",
            None,
            "es",
        ),
        ("wena, infobip me tira EC_BLOCKED_BY_BUSINESS o algo asi, code 130403, al cliente 56987654321", None, "es"),
        (
            "Olá, uso a 360dialog. Meu template parou de ir, aparece template not found. Mas ele tá lá "
            "aprovado no painel, juro",
            None,
            "pt",
        ),
    ],
)
def test_a_pasted_error_beside_the_users_words(text, current, expected):
    assert detect_language(text, current) == expected


def test_a_spanish_user_pasting_an_english_error_stays_spanish():
    text = "mi campaña falló con (#131047) Re-engagement message"
    assert detect_language(text, None) == "es"


def test_the_channel_hint_decides_only_while_nothing_is_said():
    assert detect_language("(#131047)", None, hint="pt") == "pt"
    assert detect_language("my message failed with 131047", None, hint="pt") == "en"


@pytest.mark.parametrize(
    "locale, country, expected",
    [
        ("pt-BR", None, "pt"),
        ("es_MX", None, "es"),
        (None, "BR", "pt"),
        (None, "MX", "es"),
        (None, "IN", None),
        ("fr-FR", "US", None),
    ],
)
def test_language_hint(locale, country, expected):
    assert language_hint(locale, country) == expected


def test_words_before_a_pasted_json_error_set_the_language():
    text = (
        'bom dia! to tentando mandar msg pelo n8n e volta isso: {"error":{"message":'
        '"(#131030) Recipient phone number not in allowed list","type":"OAuthException",'
        '"code":131030,"error_data":{"messaging_product":"whatsapp"},"fbtrace_id":"AbC"}}'
    )
    assert detect_language(text, None) == "pt"


@pytest.mark.parametrize(
    "text, name",
    [
        ("bonjour, mes messages whatsapp ne sont pas livrés", "French"),
        ("hallo, meine Nachrichten kommen bei den Kunden nicht an", "German"),
        ("ciao, i messaggi non arrivano ai clienti da ieri", "Italian"),
    ],
)
def test_a_language_tickfix_does_not_speak_is_named_and_does_not_switch_the_reply(text, name):
    from diagnosis.language.detect import foreign_language

    assert foreign_language(text) == name
    assert detect_language(text) == "en"  # not Portuguese or Spanish because it looks closer
    assert detect_language(text, current="es") == "es"


@pytest.mark.parametrize(
    "text",
    [
        "mensagem não chega pro cliente",
        "los mensajes no llegan a los clientes",
        "my messages are not delivered to customers",
        "erreur 131047",  # a code is read, whatever surrounds it
        "merci",  # too short to tell
    ],
)
def test_the_three_languages_and_short_or_coded_texts_are_not_foreign(text):
    from diagnosis.language.detect import foreign_language

    assert foreign_language(text) is None


@pytest.mark.parametrize(
    "text, current, expected",
    [
        # a provider's English beside a few words of the user's: the user's language
        (
            "passei o mouse no icone e diz: Message failed to send because the user has blocked the business",
            None,
            "pt",
        ),
        ("o erro na zenvia diz: Invalid WhatsApp number", None, "pt"),
        ("360dialog me dice 131042 Business eligibility payment issue", None, "es"),
        ("360dialog me dice 131042 Business eligibility payment issue", "es", "es"),
        # loanwords do not switch a conversation
        ("marketing né, é black friday", "pt", "pt"),
        ("marketing obvio, es black friday", "es", "es"),
        ("template, hello_world. same 131030 error as before, you already know this", "en", "en"),
        # a person's English does
        ("why are you speaking spanish?? english please. number is +44 7700 900123", "es", "en"),
        ("I get error 131047 when I reply", "pt", "en"),
        ("the template fails for some customers", "es", "en"),
    ],
)
def test_the_words_that_tell_a_language_decide_between_a_paste_and_loanwords(text, current, expected):
    assert detect_language(text, current) == expected


def test_a_long_paste_is_read_for_its_language_quickly():
    import time

    started = time.perf_counter()
    assert detect_language("a" * 100_000, "es") == "es"
    assert time.perf_counter() - started < 5  # it took 45 s when the whole paste was read


@pytest.mark.parametrize(
    "text, lang",
    [
        ("o que significa o erro 131049?", "pt"),  # short beside a code: "erro" is Portuguese only
        ("qué significa el error 131049?", "es"),
        ("no puedo mandar un video de 38 MB a un cliente por whatsapp, sale failed", "es"),
        ("the video is 38mb and fails", "en"),
    ],
)
def test_a_first_message_is_read_by_the_words_only_one_language_writes(text, lang):
    assert detect_language(text, None, None) == lang


def test_a_campaign_exports_rows_are_not_the_users_words():
    rows = "5511987654321,FAILED,131026,Message undeliverable\n5511987654322,FAILED,131049,healthy ecosystem"
    assert detect_language(rows) == "en"
    assert detect_language("exportei a campanha de ontem, olha:\n" + rows) == "pt"
