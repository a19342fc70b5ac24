"""The follow-up context is one contract: built by FollowupContext, read by its key names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from diagnosis.followup import answer
from diagnosis.followup.context import COUNTRY, LANGUAGE, NOW, TIMEZONE, FollowupContext

FOLLOWUP = Path(__file__).resolve().parents[3] / "diagnosis" / "followup"


def test_the_readers_use_no_raw_context_key():
    raw = re.compile(
        r"context\.get\(\s*[\"'](now|timezone|country|language|provider)[\"']|"
        r"context\[\s*[\"'](now|timezone|country|language|provider)[\"']"
    )
    found = [
        f"{p.name}:{i}"
        for p in FOLLOWUP.glob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line)
    ]
    assert not found, found


def test_as_dict_holds_the_keys_and_the_given_answers():
    now = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
    ctx = FollowupContext(
        now=now,
        timezone="America/Sao_Paulo",
        country="BR",
        language="pt",
        answers={"messaging_tier": "1k", "unique_customers": None},
    ).as_dict()
    assert ctx[NOW] == now and ctx[TIMEZONE] == "America/Sao_Paulo" and ctx[COUNTRY] == "BR"
    assert ctx[LANGUAGE] == "pt" and ctx["messaging_tier"] == "1k" and "unique_customers" not in ctx


def test_an_answer_reads_the_context_it_is_given():
    now = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
    ctx = FollowupContext(now=now, timezone="America/Sao_Paulo", language="pt").as_dict()
    result = answer("last_customer_message", "ontem às 10h", ctx)
    assert result.ok and "10:00" in result.finding
