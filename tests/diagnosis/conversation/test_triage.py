"""Two answers narrow a vague symptom; answers that tell nothing narrow nothing."""

from __future__ import annotations

import pytest

from diagnosis.conversation.triage import QUESTIONS, answers_in_report, likely_causes, rows, used_to_work
from diagnosis.followup import questions
from diagnosis.kb import CAUSE_IDS


def test_the_table_names_only_known_causes_and_answers():
    choices = {q: {c for c, _ in questions()[q].choices} for q in QUESTIONS}
    for when, causes in rows():
        assert set(when) <= set(QUESTIONS)
        for q, a in when.items():
            assert a in choices[q], (q, a)
        assert causes and set(causes) <= set(CAUSE_IDS)


def test_a_normal_message_to_one_customer_is_the_window_first():
    assert likely_causes({"message_kind": "normal", "failure_scope": "one_customer"})[0] == "outside_service_window"


def test_a_template_failing_for_everyone_is_the_template():
    assert likely_causes({"message_kind": "template", "failure_scope": "all"})[0] == "template_not_approved"


def test_the_users_own_words_come_first_when_they_fit():
    found = likely_causes(
        {"failure_scope": "one_customer", "message_kind": "not_sure"}, candidates=["blocked_by_recipient"]
    )
    assert found[0] == "blocked_by_recipient"


def test_no_idea_twice_narrows_nothing():
    assert likely_causes({"message_kind": "not_sure", "failure_scope": "skipped"}) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("our marketing blast last night - the numbers show failed", {"message_kind": "template"}),
        (
            "our marketing blast last night - 40% of the numbers show failed",
            {"message_kind": "template", "failure_scope": "some"},
        ),
        ("a campanha de marketing não chega pra ninguém", {"message_kind": "template", "failure_scope": "all"}),
        ("the appointment reminders fail for some customers", {"message_kind": "template", "failure_scope": "some"}),
        (
            "not a template, a normal message to one customer",
            {"message_kind": "normal", "failure_scope": "one_customer"},
        ),
        ("my messages are not arriving", {}),
        ("one grey tick", {}),  # a bare "one" says nothing about how many customers
    ],
)
def test_answers_in_the_report(text, expected):
    from diagnosis.conversation.triage import answers_in_report

    assert answers_in_report(text) == expected


def test_the_template_only_causes_are_causes_and_concern_templates():
    import diagnosis
    from diagnosis.conversation.triage import template_only_causes

    only = template_only_causes()
    assert only and only <= set(diagnosis.knowledge().causes())
    assert "template_not_approved" in only and "outside_service_window" not in only


def test_a_utility_or_authentication_template_is_not_tried_for_marketing_limits():
    answers = {"message_kind": "template", "failure_scope": "some"}
    assert "ecosystem_limit" in likely_causes(answers)
    for category in ("utility", "authentication"):
        tried = likely_causes({**answers, "template_category": category})
        assert tried and not set(tried) & {"ecosystem_limit", "marketing_experiment", "marketing_opt_out"}


def test_appointment_reminders_are_a_utility_template():
    said = answers_in_report(
        "customers say they never got our appointment reminders since monday", ["template_category"]
    )
    assert said == {"template_category": "utility"}


@pytest.mark.parametrize(
    "text",
    [
        "antes andaba, dejó de andar desde ayer",
        "worked fine for months, stopped sending today",
        "parou de funcionar do nada",
    ],
)
def test_a_report_that_it_used_to_work_puts_the_set_up_causes_last(text):
    assert used_to_work(text)
    causes = likely_causes({"message_kind": "template", "failure_scope": "all"}, worked_before=True)
    assert "template_not_approved" not in causes  # its name and language matched before


def test_a_plain_report_keeps_the_table_order():
    assert not used_to_work("my template fails for every customer")
    assert likely_causes({"message_kind": "template", "failure_scope": "all"})[0] == "template_not_approved"


@pytest.mark.parametrize(
    "text, window_open",
    [
        ("me escribió el jueves en la tarde", False),
        ("ela escreveu ontem de manhã", False),
        ("her last message was 2 hours ago", True),
    ],
)
def test_the_customers_last_message_timed_while_narrowing(text, window_open):
    from diagnosis.followup.service_window import said_last_message

    wrote = said_last_message(text, {"language": "en", "now": "2026-12-07T21:00:00+00:00"})
    assert wrote is not None and wrote.extra["window_open"] is window_open


@pytest.mark.parametrize("text", ["le contesté ayer", "all of them", "a template"])
def test_the_business_replying_is_not_the_customers_last_message(text):
    from diagnosis.followup.service_window import said_last_message

    assert said_last_message(text, {"language": "es"}) is None
