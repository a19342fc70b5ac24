"""Facts the extractors read: statuses and sizes (diagnosis.facts.extracted).

The sentences are written here, not taken from bench/real.
"""

from __future__ import annotations

import diagnosis
from diagnosis import facts
from diagnosis.payload import flatten


def read_facts(reader, text):
    """What the size fact adds per cause for `text` (it reads the extracted sizes and types)."""
    seen = {}
    reader(diagnosis.classify(text).extracted, lambda c, v: seen.__setitem__(c, seen.get(c, 0.0) + v), text)
    return seen


def test_a_number_check_answering_exists_false_is_not_on_whatsapp():
    body = '{"status": 400, "error": "Bad Request", "response": {"message": [{"exists": false, "number": "5511"}]}}'
    assert "no_whatsapp" in flatten(body).statuses
    assert diagnosis.classify("sending fails: " + body).cause == "not_on_whatsapp"


def test_a_file_above_its_named_media_types_limit_outweighs_a_sending_limit_word():
    text = "can't send a 25 MB video to our customers, is there a way to raise the sending limit?"
    assert diagnosis.classify(text).cause == "media_too_large"


def test_a_file_within_its_media_types_limit_is_not_too_large():
    seen = read_facts(facts.size_evidence, "this 3 MB mp4 video keeps failing to send")
    assert seen["media_too_large"] < 0


def test_a_size_given_as_a_bound_says_nothing_of_the_file():
    seen = read_facts(facts.size_evidence, "videos larger than 12 MB fail to send")
    assert seen.get("media_too_large", 0) == 0
