"""The error's details read: template and language, parameter counts, mime type, subcode."""

from __future__ import annotations

import json

import pytest

import diagnosis
from diagnosis.details import read_details

META_132000 = json.dumps(
    {
        "error": {
            "message": "(#132000) Number of parameters does not match the expected number of params",
            "type": "OAuthException",
            "code": 132000,
            "error_data": {
                "messaging_product": "whatsapp",
                "details": "body: number of localizable_params (1) does not match the expected number of params (2)",
            },
        }
    }
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "(#132001) Template name does not exist in the translation. "
            "template name (order_update) does not exist in en_US",
            {"template": "order_update", "language": "en_US"},
        ),
        (META_132000, {"received_params": "1", "expected_params": "2"}),
        ('{"template": {"name": "hello", "language": {"code": "pt_BR"}}}', {"language": "pt_BR"}),
        ("(#131053) Media upload error: Unsupported Upload Media type image/webp", {"mime_type": "image/webp"}),
        ('{"error": {"code": 190, "type": "OAuthException", "error_subcode": 463}}', {"subcode": "463"}),
        ("expected 2 parameters, received 1", {"expected_params": "2", "received_params": "1"}),
        ("(#131047) Re-engagement message", {}),
        ("now I get (#10) Application does not have permission for this action", {"permission_code": "10"}),
        ('{"error": {"message": "(#200) Permissions error", "code": 200}}', {"permission_code": "200"}),
        ("every marketing template we send to US numbers (+1) fails with 131049", {"us_recipients": "yes"}),
        ("131049 for our UK customers", {}),
    ],
)
def test_details_are_read(text, expected):
    assert read_details(text) == expected


def test_the_diagnosis_carries_the_details():
    result = diagnosis.classify(
        "(#132001) Template name does not exist in the translation. "
        "template name (order_update) does not exist in en_US"
    )
    assert result.cause == "template_not_approved"
    assert result.extracted.details == {"template": "order_update", "language": "en_US"}
    assert result.extracted.template_names[0] == "order_update"
    assert diagnosis.classify(META_132000).extracted.details["expected_params"] == "2"


def test_a_word_of_the_sentence_is_not_a_language():
    from diagnosis.details import read_details

    assert "language" not in read_details("(#132001) Template name does not exist in the translation")
    assert read_details("Template name does not exist in the translation pt_BR")["language"] == "pt_BR"


def test_a_language_code_said_in_a_short_answer():
    from diagnosis.details import language_said

    assert language_said("en_US creo") == "en_US"
    assert language_said("la mando en pt_br") == "pt_BR"
    assert language_said("idioma: es") == "es"
    assert language_said("el idioma es inglés") == ""  # the verb, not a code
    assert language_said("no sé en qué idioma la aprobaron") == ""
