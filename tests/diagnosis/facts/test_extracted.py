"""Facts the extractors read: statuses and sizes (diagnosis.facts.extracted).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import diagnosis
from diagnosis.payload import flatten


def test_a_number_check_answering_exists_false_is_not_on_whatsapp():
    body = '{"status": 400, "error": "Bad Request", "response": {"message": [{"exists": false, "number": "5511"}]}}'
    assert "no_whatsapp" in flatten(body).statuses
    assert diagnosis.classify("sending fails: " + body).cause == "not_on_whatsapp"


def test_a_file_above_its_named_media_types_limit_outweighs_a_sending_limit_word():
    text = "can't send a 25 MB video to our customers, is there a way to raise the sending limit?"
    assert diagnosis.classify(text).cause == "media_too_large"
