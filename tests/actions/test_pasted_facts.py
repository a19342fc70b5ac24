"""The pasted error is classified once: its facts are kept in problem_facts and read back."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from diagnosis.result import Extracted

from actions.diagnose import ActionDiagnose
from actions.give_fix import ActionGiveFix

from .conftest import make_tracker, run, slot_events, texts

PASTE = (
    '{"error": {"message": "(#132001) Template name does not exist in the translation", '
    '"code": 132001, "error_data": {"messaging_product": "whatsapp", "details": '
    '"template name (order_update) does not exist in en_US"}}}'
)


def test_the_diagnosis_keeps_what_it_read(domain, dispatcher):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, PASTE), domain))
    facts = Extracted.from_dict(slots["problem_facts"])
    assert "132001" in facts.codes
    assert facts.details.get("template") == "order_update"


def test_the_fix_reads_the_kept_facts_without_classifying_again(domain, dispatcher, monkeypatch):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, PASTE), domain))
    import diagnosis

    def no_second_classification(*_a, **_k):
        raise AssertionError("classified the paste again")

    monkeypatch.setattr(diagnosis, "classify", no_second_classification)
    fixing = CollectingDispatcher()
    tracker = make_tracker(
        domain,
        "yes",
        intent="affirm",
        slots={"cause": slots["cause"], "problem_text": slots["problem_text"], "problem_facts": slots["problem_facts"]},
    )
    run(ActionGiveFix(), fixing, tracker, domain)
    assert "order_update" in texts(fixing)


def test_junk_in_the_slot_is_no_facts():
    assert Extracted.from_dict("not a dict") == Extracted()
    assert Extracted.from_dict({"codes": "131047", "details": [1]}).codes == []
