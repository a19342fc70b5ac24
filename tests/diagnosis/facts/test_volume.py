"""The size of a send's audience read in the words (diagnosis.facts.volume).

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
        "campaign paused: audience size is over your remaining quota",
        "se nos agotó la cuota diaria de envíos de whatsapp",
        "a cota de envios do número esgotou no meio do disparo",
    ],
)
def test_a_sends_quota_is_the_messaging_limit_not_a_files_size(text):
    seen = read_facts(facts.quota_evidence, text)
    assert seen["messaging_limit"] > 0 and seen["media_too_large"] < 0
    assert diagnosis.classify(text).cause == "messaging_limit"


def test_a_files_size_over_the_limit_is_still_the_file():
    assert diagnosis.classify("the video exceeds the size limit").cause == "media_too_large"


def test_a_quote_is_no_quota():
    assert diagnosis.classify("can you send me a quote for 500 t-shirts").cause == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "whatsapp now says: this account can no longer use WhatsApp",
        "me sale que esta cuenta ya no puede usar whatsapp",
        "aparece 'Esta conta não pode mais usar o WhatsApp' no celular do atendimento",
        'erro 463 no baileys: "your account has been restricted", os bots pararam',  # a library: about WhatsApp
    ],
)
def test_the_ban_screens_words_are_a_restricted_account(text):
    assert diagnosis.classify(text).cause == "account_restricted"


def test_servers_that_go_through_problems_are_an_outage_not_an_experiment():
    text = (
        "problemas en los servidores de WhatsApp: por la alta demanda puede ocurrir que estos "
        "experimenten problemas técnicos o se sobrecarguen, solo queda esperar"
    )
    assert diagnosis.classify(text).cause == "meta_outage"
    assert diagnosis.classify("el usuario forma parte de un experimento de marketing").cause == "marketing_experiment"
