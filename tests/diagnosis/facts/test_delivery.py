"""What the sending side saw, and paces (diagnosis.facts.delivery and .volume).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import pytest
from fact_readers import read_facts

import diagnosis
from diagnosis import extract, facts


@pytest.mark.parametrize(
    "text",
    [
        "the API answered HTTP 200 with a message id, the customer got nothing",
        "a API responde statusCode 201 mas a mensagem não chega",
        "el mensaje fue enviado correctamente según la API pero no llega",
    ],
)
def test_an_accepted_request_rules_out_what_the_api_refuses_at_once(text):
    seen = read_facts(facts.accepted_evidence, text)
    assert seen["auth_failed"] < 0 and seen["invalid_request"] < 0 and seen["meta_outage"] < 0


def test_an_http_success_status_is_not_an_error_code():
    assert [h.code for h in extract.find_codes("responde statusCode 201, porém nunca chega")] == []
    assert [h.code for h in extract.find_codes("HTTP status code: 200")] == []
    # an error code after "status" stays one
    assert [h.code for h in extract.find_codes("status code 131026")] == ["131026"]
    assert diagnosis.classify("a API responde statusCode 201 mas a mensagem não chega").cause != "auth_failed"


@pytest.mark.parametrize(
    "text",
    [
        "desde cedo ninguém consegue enviar nem receber mensagens no WhatsApp",
        "hoy por la mañana no se podían enviar ni recibir mensajes de WhatsApp en todo el país",
    ],
)
def test_neither_sending_nor_receiving_is_an_outage(text):
    assert diagnosis.classify(text).cause == "meta_outage"


@pytest.mark.parametrize(
    "text, cause",
    [
        ("the API takes about 80 messages per second and we push far more than that at once", "rate_limit"),
        ("no painel aparece como enviada mas nunca como entregue, e nenhum erro", "pending_delivery"),
    ],
)
def test_a_pace_per_second_and_sent_but_never_delivered(text, cause):
    assert diagnosis.classify(text).cause == cause


def test_a_status_after_http_code_is_an_http_status_not_an_error_code():
    text = "Downloading media from weblink failed with http code 500, status message Internal Server Error"
    assert [h.code for h in extract.find_codes(text)] == []
    assert [h.code for h in extract.find_codes("(#131053) Media upload error, http code 403")] == ["131053"]
    assert diagnosis.classify("template with a PDF fails: " + text).cause == "media_error"


@pytest.mark.parametrize(
    "text",
    ["los PDFs no llegan, los textos sí", "os PDFs não chegam mas os textos sim", "images fail but text goes through"],
)
def test_only_the_media_failing_points_to_the_media(text):
    assert diagnosis.classify(text).cause == "media_error"


@pytest.mark.parametrize("text", ["the file was delivered fine", "the video was sent successfully"])
def test_media_that_arrived_says_nothing_of_the_media(text):
    assert read_facts(facts.media_only_evidence, text) == {}


@pytest.mark.parametrize(
    "text, cause",
    [
        ("text goes through in the same chat. only pdf fails", "media_error"),
        ("Our invoices (PDF) aren't reaching customers", "media_error"),
        ("the pic is like 8 MB", "media_too_large"),
    ],
)
def test_a_file_named_in_everyday_words_points_to_the_media(text, cause):
    assert diagnosis.classify(text).cause == cause


def test_an_invoice_sent_as_a_file_is_not_a_bill_unpaid():
    seen = read_facts(facts.invoice_as_file_evidence, "a fatura em PDF não chega ao cliente")
    assert seen["payment_issue"] < 0
    assert read_facts(facts.invoice_as_file_evidence, "we have an unpaid invoice in Business Manager") == {}


@pytest.mark.parametrize(
    "text",
    [
        "oi, tô mandando um pdf de boleto pelo zap da empresa (uso a z-api) e o cliente não recebe, fica dando erro",
        "my customer doesn't receive the message, it gives an error",
    ],
)
def test_an_error_shown_is_no_message_still_on_its_way(text):
    """'o cliente não recebe, fica dando erro' was read as one tick with no error."""
    assert diagnosis.classify(text).cause != "pending_delivery"
