"""The domain, the question catalogue and the cause knowledge name the same things."""

from __future__ import annotations

import diagnosis
from diagnosis.followup import questions

from actions.triage import ValidateTriageForm
from actions.troubleshoot_form import ValidateTroubleshootForm


def test_every_question_is_a_form_slot_with_an_ask_action_and_a_validator(domain):
    forms = {"troubleshoot_form": ValidateTroubleshootForm, "triage_form": ValidateTriageForm}
    for qid in questions().ids():
        asked_in = [f for f in forms if qid in domain["forms"][f]["required_slots"]]
        assert asked_in, qid
        assert qid in domain["slots"], qid
        assert f"action_ask_{qid}" in domain["actions"], qid
        for form in asked_in:
            assert hasattr(forms[form], f"validate_{qid}"), (form, qid)


def test_the_narrowing_questions_are_the_triage_forms(domain):
    from diagnosis.conversation.triage import QUESTIONS

    assert tuple(domain["forms"]["triage_form"]["required_slots"]) == QUESTIONS


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
    import re
    from pathlib import Path

    shared = Path(__file__).resolve().parents[3] / "shared" / "causes.md"
    ids = set(re.findall(r"^\| `([a-z_]+)` \|", shared.read_text(), flags=re.M)) - {"unknown"}
    assert ids == set(diagnosis.knowledge().causes()) - {"unknown"}


def test_every_domain_action_is_implemented(domain):
    import importlib
    import pkgutil

    from rasa_sdk import Action
    from rasa_sdk.utils import all_subclasses

    import actions

    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    implemented = {cls().name() for cls in all_subclasses(Action) if not cls.__module__.startswith("rasa_sdk")}
    missing = [a for a in domain["actions"] if a not in implemented]
    assert not missing, missing
