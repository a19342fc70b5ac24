"""The question catalogue: complete per docs/design.md, and loud about broken entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from diagnosis.followup import Question, QuestionsError, load_questions, questions
from diagnosis.followup.catalogue import CAUSE_IDS, DESIGN, QUESTIONS_FILE

# docs/design.md's question table, written out again on purpose: a change must be deliberate.
DESIGN_TABLE = {
    "last_customer_message": ("time", None),
    "template_status": ("choice", ["approved", "pending", "rejected", "paused", "disabled", "not_found"]),
    "parameter_problem": ("choice", None),
    "recipient_number": ("phone", None),
    "media_details": ("media", None),
    "media_link_opens": ("choice", None),
    "undeliverable_reason": ("choice", ["no_whatsapp", "blocked", "chats_fine", "not_sure"]),
    "campaign": ("choice", ["yes", "no"]),
    "template_category": ("choice", ["marketing", "utility", "authentication", "dont_know"]),
    "messaging_tier": ("choice", ["250", "1k", "10k", "100k", "unlimited", "dont_know"]),
    "unique_customers": ("number", None),
    "send_rate": ("number", None),
    "token_type": ("choice", ["temporary", "system_user", "dont_know"]),
    "billing_status": ("choice", None),
    "quality_rating": ("choice", ["high", "medium", "low", "dont_know"]),
    "number_status": ("choice", ["connected", "pending", "offline", "dont_know"]),
    "failure_scope": ("choice", ["all", "some", "one_customer"]),
    "error_field": ("choice", ["to_number", "message_type", "template", "media", "other"]),
    "time_since_sent": ("time", None),
}


def test_every_design_question_is_there_with_its_kind_and_choices():
    cat = questions()
    for qid, (kind, choice_ids) in DESIGN_TABLE.items():
        q = cat.get(qid)
        assert isinstance(q, Question), qid
        assert q.kind == kind, qid
        if choice_ids is not None:
            assert [cid for cid, _ in q.choices] == choice_ids, qid
    assert set(DESIGN) == set(DESIGN_TABLE)


def test_design_table_in_the_doc_matches_when_the_doc_is_there():
    doc = Path(__file__).resolve().parents[3] / "docs" / "design.md"
    if not doc.exists():
        pytest.skip("docs/design.md not found")
    rows = re.findall(r"^\| (\w+) \| [^|]+ \| (\w+)", doc.read_text(encoding="utf-8"), flags=re.M)
    table = {qid: kind for qid, kind in rows if qid != "id"}
    assert table == {qid: kind for qid, (kind, _) in DESIGN_TABLE.items()}


def test_recipient_country_is_the_extra_question_the_form_asks():
    q = questions().get("recipient_country")
    assert q is not None and q.kind == "country"


def test_api_shape():
    q = questions().get("template_status")
    assert q.id == "template_status"
    assert q.text and q.kind == "choice"
    assert q.choices[0] == ("approved", "Approved")
    assert all(isinstance(pair, tuple) and len(pair) == 2 for pair in q.choices)
    assert questions().get("no_such_question") is None
    assert questions().ids()[0] == "last_customer_message"
    assert "template_status" in questions()
    assert len(questions()) == len(questions().ids())
    assert q.to_dict()["choices"][0] == {"id": "approved", "title": "Approved"}


def test_titles_texts_synonyms_and_examples_are_usable():
    for q in questions():
        assert 0 < len(q.text) <= 220, q.id
        # message_kind narrows a vague symptom (triage): it is asked for no one cause
        assert (q.asked_for or q.id == "message_kind") and set(q.asked_for) <= CAUSE_IDS, q.id
        if q.kind == "choice":
            for c in q.options:
                assert 0 < len(c.title) <= 20, (q.id, c.id)
                assert set(c.synonyms) == {"en", "es", "pt"}, (q.id, c.id)
                assert all(c.synonyms[lang] for lang in ("en", "es", "pt")), (q.id, c.id)
                assert len(c.advice) > 20, (q.id, c.id)
        else:
            assert q.examples, q.id


def test_template_status_advice_says_what_to_do():
    q = questions().get("template_status")
    advice = {c.id: c.advice for c in q.options}
    assert "en_US" in advice["approved"] and "language" in advice["approved"]
    assert "24 hours" in advice["pending"]
    assert "rejection reason" in advice["rejected"] and "appeal" in advice["rejected"]
    assert "3 hours" in advice["paused"] and "6 hours" in advice["paused"] and "disables" in advice["paused"]
    assert "new template" in advice["disabled"]
    assert "en_US" in advice["not_found"]


def test_points_to_are_cause_ids_of_the_shared_vocabulary():
    shared = Path(__file__).resolve().parents[4] / "shared" / "causes.md"
    if shared.exists():
        ids = set(re.findall(r"^\| `([a-z_]+)` \|", shared.read_text(encoding="utf-8"), flags=re.M))
        assert ids == CAUSE_IDS
    for q in questions():
        for c in q.options:
            assert c.points_to is None or c.points_to in CAUSE_IDS


# --- broken files fail loudly, naming file, question and field -------------------------


def _write(tmp_path, data) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _good():
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


def _question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


def test_the_real_file_loads():
    # the design table, plus recipient_country and message_kind
    assert len(load_questions(QUESTIONS_FILE)) == len(DESIGN_TABLE) + 2


@pytest.mark.parametrize(
    "mutate, question, field",
    [
        (lambda d: _question(d, "campaign")["choices"][0]["synonyms"].pop("pt"), "campaign", "choices[0].synonyms.pt"),
        (lambda d: _question(d, "send_rate").update(kind="slider"), "send_rate", "kind"),
        (lambda d: _question(d, "send_rate").update(kind="time"), "send_rate", "kind"),
        (lambda d: _question(d, "quality_rating")["choices"].pop(), "quality_rating", "choices"),
        (
            lambda d: _question(d, "failure_scope")["choices"][0].update(points_to="no_such_cause"),
            "failure_scope",
            "choices[0].points_to",
        ),
        (
            lambda d: _question(d, "campaign")["choices"][1]["synonyms"]["en"].append("yes"),
            "campaign",
            "choices[1].synonyms",
        ),
        (
            lambda d: _question(d, "campaign")["choices"][0]["synonyms"]["en"].append(True),
            "campaign",
            "choices[0].synonyms.en",
        ),
        (lambda d: _question(d, "template_status").update(colour="red"), "template_status", ""),
        (lambda d: _question(d, "template_status").update(text="Words live in the catalogue"), "template_status", ""),
        (
            lambda d: _question(d, "template_status")["choices"].append(
                {"id": "gone", "synonyms": {"en": ["gone"], "es": ["ido"], "pt": ["sumiu"]}}
            ),
            "template_status",
            "choices[6].title",
        ),
        (lambda d: d["questions"].remove(_question(d, "time_since_sent")), "time_since_sent", "id"),
        (
            lambda d: _question(d, "last_customer_message").update(settles_fix_step={"no_such_cause": 1}),
            "last_customer_message",
            "settles_fix_step",
        ),
        (
            lambda d: _question(d, "token_type").update(not_for_providers=["no_such_platform"]),
            "token_type",
            "not_for_providers",
        ),
        (
            lambda d: _question(d, "last_customer_message").update(settles_fix_step={"outside_service_window": 0}),
            "last_customer_message",
            "settles_fix_step",
        ),
    ],
)
def test_a_broken_entry_names_file_question_and_field(tmp_path, mutate, question, field):
    data = _good()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(QuestionsError) as info:
        load_questions(path)
    err = info.value
    assert err.file == str(path) and str(path) in str(err)
    assert err.question == question
    assert err.field == field or err.field.startswith(field + "[")


def test_unparseable_yaml_and_missing_file_name_the_file(tmp_path):
    bad = tmp_path / "questions.yaml"
    bad.write_text("questions:\n  - id: x\n    text: a: b\n", encoding="utf-8")
    with pytest.raises(QuestionsError, match="questions.yaml"):
        load_questions(bad)
    with pytest.raises(QuestionsError, match="nowhere.yaml"):
        load_questions(tmp_path / "nowhere.yaml")
