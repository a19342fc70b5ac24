"""answer() never raises, whatever it is given, and stays quick."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from diagnosis.followup import Answer, answer, questions

NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.timezone.utc)

GARBAGE = [
    "",
    "   ",
    "🙂",
    "😀🔥💯" * 50,
    "x" * 10_000,
    "a " * 5_000,
    None,
    42,
    3.14,
    b"\xff\xfe",
    ["yes"],
    {"text": "yes"},
    "\x00\x01\x02",
    "‮RTL override‭",
    "ñ" * 300,
    "null",
    "NaN",
    "-1",
    "9" * 400,
    "<script>alert(1)</script>",
    "'; DROP TABLE slots; --",
    "\n\n\t",
    "0000000000000000000000",
]

CONTEXTS = [
    None,
    {},
    {"now": NOW},
    {"now": "not a date", "timezone": "Nowhere/Land", "country": "🙂"},
    {"now": 12345, "timezone": 7, "country": ["IN"], "language": None},
    {"now": NOW, "messaging_tier": {"weird": True}, "unique_customers": "many", "recipient_number": 5},
    "not a dict",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_every_question_survives_garbage(text):
    for qid in questions().ids():
        a = answer(qid, text, {"now": NOW})
        assert isinstance(a, Answer), qid
        assert isinstance(a.ok, bool)
        if not a.ok:
            assert a.value is None and a.reask, (qid, text)
        json.dumps(a.to_dict())  # JSON-able, for the tracker store


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_question_survives_odd_contexts(context):
    for qid in questions().ids():
        for text in ("yesterday at 5pm", "+91 98765 43210", "PDF of 12 MB", "yes", "100 per second"):
            a = answer(qid, text, context)
            assert isinstance(a, Answer)
            json.dumps(a.to_dict())


def test_unknown_or_odd_question_ids():
    for qid in ("no_such_question", "", None, 5, ["campaign"]):
        a = answer(qid, "yes")  # type: ignore[arg-type]
        assert not a.ok and a.reask and "error" in a.extra


def test_long_input_is_fast():
    started = time.perf_counter()
    for qid in questions().ids():
        answer(qid, "2 hours ago " * 1000, {"now": NOW})
    assert time.perf_counter() - started < 5
