"""retry_advice: which failed campaign recipients to retry now, later, or never."""

from __future__ import annotations

import datetime as dt

from diagnosis.campaign.retry import DECISIONS, RETRY_RULES, retry_advice
from diagnosis.followup.catalogue import CAUSE_IDS

NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.timezone.utc)


def decisions(advice):
    return {i.cause: i.decision for i in advice.items}


def test_the_rules_are_the_causes_own_retry():
    """One source: a campaign's advice never disagrees with the cause's retry note."""
    import diagnosis

    kb = diagnosis.knowledge()
    for cause_id in kb.causes():
        retry = kb.get(cause_id).retry
        assert RETRY_RULES[cause_id]["decision"] == retry.when, cause_id
        if retry.when == "after_wait":
            assert RETRY_RULES[cause_id]["wait_hours"] == retry.wait_hours, cause_id


def test_every_cause_has_a_rule_with_a_known_decision():
    assert set(RETRY_RULES) == set(CAUSE_IDS)
    for cause, rule in RETRY_RULES.items():
        assert rule["decision"] in DECISIONS, cause
        assert rule["when"] and rule["why"] and rule["label"], cause
        if rule["decision"] == "after_wait":
            assert rule["wait_hours"], cause


def test_the_rules_the_brief_names():
    advice = retry_advice(
        {
            "marketing_opt_out": 25,
            "marketing_experiment": 5,
            "ecosystem_limit": 40,
            "rate_limit": 120,
            "messaging_limit": 300,
            "outside_service_window": 7,
            "not_on_whatsapp": 10,
            "invalid_phone_format": 4,
        },
        now=NOW,
    )
    d = decisions(advice)
    assert d["marketing_opt_out"] == "never"
    assert d["marketing_experiment"] == "never"
    assert d["not_on_whatsapp"] == "never"
    assert d["ecosystem_limit"] == "after_wait"
    assert d["messaging_limit"] == "after_wait"
    assert d["rate_limit"] == "after_wait"  # the cause's retry: a few minutes
    assert d["outside_service_window"] == "after_fix"
    assert d["invalid_phone_format"] == "after_fix"
    by = {i.cause: i for i in advice.items}
    assert by["ecosystem_limit"].wait_hours >= 24 and "later campaign" in by["ecosystem_limit"].when
    assert by["messaging_limit"].retry_after == "2026-11-22T15:00:00+00:00"
    assert "slower" in by["rate_limit"].when
    assert "template" in by["outside_service_window"].when
    assert by["rate_limit"].retry_after == "2026-11-21T15:06:00+00:00"  # 0.1 h: its cause's retry
    assert advice.now == []
    assert {i.cause for i in advice.never} == {"marketing_opt_out", "marketing_experiment", "not_on_whatsapp"}
    assert advice.count("never") == 40
    assert advice.to_dict()["totals"] == {"now": 0, "later": 471, "never": 40}


def test_waits_count_from_when_the_campaign_was_sent():
    sent = NOW - dt.timedelta(hours=20)
    advice = retry_advice({"messaging_limit": 3}, now=NOW, sent_at=sent)
    assert advice.items[0].retry_after == "2026-11-21T19:00:00+00:00"


def test_summary_is_plain_text_grouped_now_later_never():
    advice = retry_advice({"rate_limit": 120, "marketing_opt_out": 25, "messaging_limit": 300}, now=NOW)
    text = advice.summary
    assert text.splitlines()[0].startswith("Retry later (420)")
    assert "Sun 22 Nov, 15:00 UTC" in text and "Sat 21 Nov, 15:06 UTC" in text
    assert "Don't retry (25)" in text
    assert str(advice) == text


def test_input_shapes_and_bad_entries():
    a = retry_advice(
        [
            ("rate_limit", 3),
            {"cause": "ecosystem_limit", "count": "2"},
            "not_on_whatsapp",
            ("made_up_cause", 4),
            ("rate_limit", -1),
            ("rate_limit", "x"),
            42,
        ]
    )
    d = {i.cause: i.count for i in a.items}
    assert d == {"rate_limit": 3, "ecosystem_limit": 2, "not_on_whatsapp": 1, "unknown": 4}
    assert retry_advice({}).summary == "There are no failed recipients to look at."
    assert retry_advice(None).items == []


def test_unknown_counts_still_give_advice():
    advice = retry_advice({"ecosystem_limit": None})
    assert advice.items[0].count is None
    assert advice.summary.startswith("Retry later: ")
    assert "at least a day" in advice.summary
