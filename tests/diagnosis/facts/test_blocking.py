"""Who blocked whom (diagnosis.facts.blocking).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import pytest
from fact_readers import read_facts

import diagnosis
from diagnosis import facts


def test_whatsapp_blocking_several_of_our_numbers_is_our_own_number_blocked():
    seen = read_facts(facts.own_number_blocked_evidence, "ya me bloqueó 3 números en una semana usando la API")
    assert seen["account_restricted"] > 0 and seen["blocked_by_recipient"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "after 15 messages my number got blocked again, the same happened last week",
        "meu número foi bloqueado depois de uns poucos disparos",
        "mi número quedó baneado al mandar la promo a la lista",
        "fui banido de novo depois de mandar mensagem pra uns grupos",
    ],
)
def test_the_business_own_number_blocked_is_a_restricted_account(text):
    assert diagnosis.classify(text).cause == "account_restricted"


@pytest.mark.parametrize(
    "text",
    [
        "my number was blocked by the customer, now my messages to her fail",
        "o cliente bloqueou meu número e agora não chega nada pra ele",
    ],
)
def test_a_customer_blocking_the_business_number_stays_a_recipient_block(text):
    assert diagnosis.classify(text).cause == "blocked_by_recipient"


def test_meta_doing_the_blocking_rules_out_a_customer_only():
    seen = read_facts(facts.own_number_blocked_evidence, "a Meta bloqueia o envio quando o cartão é recusado")
    assert seen == {"blocked_by_recipient": -2.0, "business_blocked_user": -1.0}


@pytest.mark.parametrize(
    "text",
    [
        "we have been banned again from whatsapp after the campaign",
        "three of our numbers were banned yesterday",
        "perdemos 12 chips este mês com a API",
        "o número foi banido em menos de 24 horas de uso",
    ],
)
def test_own_numbers_banned_point_to_a_restricted_account(text):
    seen = read_facts(facts.own_number_blocked_evidence, text)
    assert seen["account_restricted"] > 0 and seen["blocked_by_recipient"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "muchos usuarios reportaron que los mensajes no se envían desde la mañana",
        "users are reporting problems sending messages all over the world",
        "según reportan algunos usuarios, no se pueden enviar mensajes",
    ],
)
def test_many_people_saying_it_fails_is_an_outage_not_spam_reports(text):
    seen = read_facts(facts.crowd_says_it_fails_evidence, text)
    assert seen["meta_outage"] > 0
    assert read_facts(facts.crowd_block_evidence, text).get("spam_rate_limit", 0) == 0


def test_many_people_reporting_the_messages_is_still_the_spam_limit():
    seen = read_facts(facts.crowd_block_evidence, "muchos clientes reportaron nuestros mensajes como spam")
    assert seen["spam_rate_limit"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "whatsapp blocked my num after 2 messages",
        "mandei 3 mensagens e o whatsapp já derrubou o número",
        "enviei poucas mensagens e já derrubou uma instância",
    ],
)
def test_whatsapp_taking_down_our_number_is_a_restricted_account(text):
    seen = read_facts(facts.own_number_blocked_evidence, text)
    assert seen["account_restricted"] > 0 and seen["business_blocked_user"] < 0


def test_people_reporting_that_it_fails_is_read_across_a_longer_subject():
    text = "usuários do nosso app de mensagens relataram que nada era enviado"
    assert read_facts(facts.crowd_says_it_fails_evidence, text)["meta_outage"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "there is a payment issue on the account, so Meta blocked all our sends",
        "por falta de pago nos bloquearon el envío de plantillas",
    ],
)
def test_a_block_that_a_payment_problem_explains_is_the_payment(text):
    seen = read_facts(facts.payment_block_evidence, text)
    assert seen["payment_issue"] > 0 and seen["account_restricted"] < 0
    assert diagnosis.classify(text).cause == "payment_issue"


@pytest.mark.parametrize(
    "text, unblocked",
    [
        ("she says she unblocked us yesterday tho", True),
        ("ya nos desbloqueó", True),
        ("ele desbloqueou a gente", True),
        ("she hasn't unblocked us", False),
        ("todavía no nos desbloquea", False),
        ("ela ainda não desbloqueou", False),
        ("she blocked us", False),
    ],
)
def test_a_customer_who_unblocked_the_business(text, unblocked):
    from diagnosis.facts.blocking import says_unblocked

    assert says_unblocked(text) is unblocked
