"""Two answers narrow a vague symptom; answers that tell nothing narrow nothing."""
from __future__ import annotations

from diagnosis.conversation.triage import QUESTIONS, likely_causes, rows
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
    assert likely_causes({"message_kind": "normal", "failure_scope": "one_customer"})[0] == \
        "outside_service_window"


def test_a_template_failing_for_everyone_is_the_template():
    assert likely_causes({"message_kind": "template", "failure_scope": "all"})[0] == \
        "template_not_approved"


def test_the_users_own_words_come_first_when_they_fit():
    found = likely_causes({"failure_scope": "one_customer", "message_kind": "not_sure"},
                          candidates=["blocked_by_recipient"])
    assert found[0] == "blocked_by_recipient"


def test_no_idea_twice_narrows_nothing():
    assert likely_causes({"message_kind": "not_sure", "failure_scope": "skipped"}) == []
