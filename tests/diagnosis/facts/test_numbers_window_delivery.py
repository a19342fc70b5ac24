"""The fact readers of diagnosis.facts added for real texts: each one alone, then through
classify. The sentences are written here, not taken from bench/real."""

from __future__ import annotations

import pytest

import diagnosis
from diagnosis import extract, facts
from diagnosis.payload import flatten


def _facts(reader, text):
    seen = {}
    reader(text, lambda cause, amount: seen.__setitem__(cause, seen.get(cause, 0.0) + amount))
    return seen


@pytest.mark.parametrize(
    "text",
    [
        "o cliente não recebe, acho que é o nono dígito do celular",
        "mandamos para 521 55 1234 5678 y dice que el número no existe",
        "a API diz que o whatsapp não existe, mas o número tem whatsapp sim",
        "the API says the number is not on WhatsApp but she uses WhatsApp every day",
    ],
)
def test_a_prefix_rule_or_a_number_that_has_whatsapp_anyway_is_the_format(text):
    seen = _facts(facts.prefix_rule_evidence, text)
    assert seen.get("invalid_phone_format", 0) > 0 and seen.get("not_on_whatsapp", 0) < 0


def test_a_number_without_whatsapp_said_plainly_is_not_a_format_fact():
    assert _facts(facts.prefix_rule_evidence, "o número não tem whatsapp, confirmei com o cliente") == {}


@pytest.mark.parametrize(
    "text",
    ["we hit the 24-hour restriction again when replying", "a regra das 24 horas bloqueia a resposta"],
)
def test_the_window_named_points_to_it_and_a_restriction_word_does_not_mean_a_restricted_account(text):
    seen = _facts(facts.window_named_evidence, text)
    assert seen["outside_service_window"] > 0


def test_a_24_hour_restriction_is_the_window_not_a_restricted_account():
    text = "because of the 24-hour restriction my reply to the customer never arrives"
    assert diagnosis.classify(text).cause == "outside_service_window"


@pytest.mark.parametrize(
    "text",
    [
        "the API answered HTTP 200 with a message id, the customer got nothing",
        "a API responde statusCode 201 mas a mensagem não chega",
        "el mensaje fue enviado correctamente según la API pero no llega",
    ],
)
def test_an_accepted_request_rules_out_what_the_api_refuses_at_once(text):
    seen = _facts(facts.accepted_evidence, text)
    assert seen["auth_failed"] < 0 and seen["invalid_request"] < 0 and seen["meta_outage"] < 0


def test_an_http_success_status_is_not_an_error_code():
    assert [h.code for h in extract.find_codes("responde statusCode 201, porém nunca chega")] == []
    assert [h.code for h in extract.find_codes("HTTP status code: 200")] == []
    # an error code after "status" stays one
    assert [h.code for h in extract.find_codes("status code 131026")] == ["131026"]
    assert diagnosis.classify("a API responde statusCode 201 mas a mensagem não chega").cause != "auth_failed"


def test_a_number_check_answering_exists_false_is_not_on_whatsapp():
    body = '{"status": 400, "error": "Bad Request", "response": {"message": [{"exists": false, "number": "5511"}]}}'
    assert "no_whatsapp" in flatten(body).statuses
    assert diagnosis.classify("sending fails: " + body).cause == "not_on_whatsapp"


@pytest.mark.parametrize(
    "text",
    [
        "only templates go out, the normal replies never reach the customer",
        "o modelo chega normal, mas a mensagem de texto não",
        "our texts fail, but once the customer writes first every message we send arrives",
        "cuando el cliente nos escribe primero, todos los mensajes llegan bien",
    ],
)
def test_templates_going_out_while_free_text_waits_for_the_customer_is_the_window(text):
    assert _facts(facts.templates_only_evidence, text)["outside_service_window"] > 0
    assert diagnosis.classify(text).cause == "outside_service_window"


def test_brazils_new_digit_is_a_prefix_rule_and_argentinas_549_is_not():
    assert "invalid_phone_format" in _facts(facts.prefix_rule_evidence, "faltou o dígito novo no celular do cliente")
    assert _facts(facts.prefix_rule_evidence, "mi número +54 9 11 5555-1234 sigue pendiente") == {}


def test_whatsapp_blocking_several_of_our_numbers_is_our_own_number_blocked():
    seen = _facts(facts.own_number_blocked_evidence, "ya me bloqueó 3 números en una semana usando la API")
    assert seen["account_restricted"] > 0 and seen["blocked_by_recipient"] < 0


def test_an_app_in_development_mode_is_the_test_number_limit():
    text = "el mensaje no llega porque la app sigue en modo desarrollo y el cliente no está en la lista"
    assert diagnosis.classify(text).cause == "test_number_not_allowed"
