"""The number's format read in the words (diagnosis.facts.numbers).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import pytest
from fact_readers import read_facts

import diagnosis
from diagnosis import facts


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
    seen = read_facts(facts.prefix_rule_evidence, text)
    assert seen.get("invalid_phone_format", 0) > 0 and seen.get("not_on_whatsapp", 0) < 0


def test_a_number_without_whatsapp_said_plainly_is_not_a_format_fact():
    assert read_facts(facts.prefix_rule_evidence, "o número não tem whatsapp, confirmei com o cliente") == {}


def test_brazils_new_digit_is_a_prefix_rule_and_argentinas_549_is_not():
    assert "invalid_phone_format" in read_facts(
        facts.prefix_rule_evidence, "faltou o dígito novo no celular do cliente"
    )
    assert read_facts(facts.prefix_rule_evidence, "mi número +54 9 11 5555-1234 sigue pendiente") == {}


@pytest.mark.parametrize(
    "text",
    ["o número é 11987654321", "I send to 0412 345 678 and it fails", "el número 3001234567 no recibe"],
)
def test_a_number_that_cannot_be_international_is_its_format(text):
    assert diagnosis.classify(text).cause == "invalid_phone_format"


@pytest.mark.parametrize(
    "text",
    [
        "el número 573001234567 no recibe",  # valid with its country code: says nothing
        "order 12345678901 failed",  # no word of a number or a send: an id
        "relay=mx.example.org[203.0.113.7]:25, status=bounced",
    ],
)
def test_valid_numbers_and_other_digit_strings_say_nothing_of_the_format(text):
    assert diagnosis.classify(text).cause != "invalid_phone_format"
