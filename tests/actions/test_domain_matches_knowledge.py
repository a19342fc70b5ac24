"""The domain, the question catalogue and the cause knowledge name the same things."""
from __future__ import annotations

import diagnosis
from diagnosis.followup import questions

from actions.troubleshoot_form import ValidateTroubleshootForm


def test_every_question_is_a_form_slot_with_an_ask_action_and_a_validator(domain):
    form_slots = set(domain["forms"]["troubleshoot_form"]["required_slots"])
    for qid in questions().ids():
        assert qid in form_slots, qid
        assert qid in domain["slots"], qid
        assert f"action_ask_{qid}" in domain["actions"], qid
        assert hasattr(ValidateTroubleshootForm, f"validate_{qid}"), qid


def test_every_form_slot_is_a_question(domain):
    ids = set(questions().ids())
    for slot in domain["forms"]["troubleshoot_form"]["required_slots"]:
        assert slot in ids, slot


def test_every_cause_asks_only_known_questions():
    ids = set(questions().ids())
    for cause in diagnosis.knowledge().causes():
        for qid in diagnosis.knowledge()[cause].questions:
            assert qid in ids, (cause, qid)


def test_cause_vocabulary_is_the_shared_one():
    from pathlib import Path
    import re

    shared = Path(__file__).resolve().parents[3] / "shared" / "causes.md"
    ids = set(re.findall(r"^\| `([a-z_]+)` \|", shared.read_text(), flags=re.M)) - {"unknown"}
    assert ids == set(diagnosis.knowledge().causes()) - {"unknown"}
