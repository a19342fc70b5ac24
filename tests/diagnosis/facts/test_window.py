"""The 24-hour window read in the words (diagnosis.facts.window).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import pytest
from fact_readers import read_facts

import diagnosis
from diagnosis import facts


@pytest.mark.parametrize(
    "text",
    ["we hit the 24-hour restriction again when replying", "a regra das 24 horas bloqueia a resposta"],
)
def test_the_window_named_points_to_it_and_a_restriction_word_does_not_mean_a_restricted_account(text):
    seen = read_facts(facts.window_named_evidence, text)
    assert seen["outside_service_window"] > 0


def test_a_24_hour_restriction_is_the_window_not_a_restricted_account():
    text = "because of the 24-hour restriction my reply to the customer never arrives"
    assert diagnosis.classify(text).cause == "outside_service_window"


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
    assert read_facts(facts.templates_only_evidence, text)["outside_service_window"] > 0
    assert diagnosis.classify(text).cause == "outside_service_window"


def test_contacting_a_customer_after_more_than_a_day_is_outside_the_window():
    assert diagnosis.classify("passaram 30 horas e quando fui contatar o cliente a mensagem não saiu").cause == (
        "outside_service_window"
    )


@pytest.mark.parametrize(
    "text",
    [
        "el cliente tiene que escribir primero y recién ahí le llegan nuestros mensajes",
        "a pessoa precisa mandar mensagem primeiro senão a API não entrega nada",
        "the customer has to message us first before anything we send gets through",
        "answering first from the customer's phone fixed it",
    ],
)
def test_the_customer_having_to_write_first_is_the_window(text):
    assert read_facts(facts.templates_only_evidence, text).get("outside_service_window", 0) > 0


@pytest.mark.parametrize(
    "text",
    [
        "o cliente me mandou mensagem há 3 dias e minha resposta não chega",
        "la clienta nos mandó un mensaje hace 2 días y mi respuesta no llega",
    ],
)
def test_an_answer_days_after_the_customer_wrote_is_outside_the_window(text):
    assert read_facts(facts.elapsed_evidence, text)["outside_service_window"] > 0
    assert diagnosis.classify(text).cause == "outside_service_window"


@pytest.mark.parametrize(
    "text",
    [
        "le contesté a una clienta que me escribió el viernes y no le llega nada",
        "she wrote on friday and our answer this morning never arrived",
        "ela me mandou mensagem na sexta e minha resposta não chega",
    ],
)
def test_the_customer_writing_on_a_named_day_leans_to_the_window(text):
    assert read_facts(facts.elapsed_evidence, text)["outside_service_window"] > 0
    assert diagnosis.classify(text).cause == "outside_service_window"


def test_a_weekday_that_is_not_the_customers_message_is_not_evidence():
    assert (
        read_facts(facts.elapsed_evidence, "we replied on friday and it failed").get("outside_service_window", 0) == 0
    )
