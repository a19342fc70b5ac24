"""The three causes the bot's foundation relies on first: code, provider wording, plain words."""

from __future__ import annotations

import pytest

import diagnosis

CASES = [
    # outside_service_window
    ("(#131047) Re-engagement message", "outside_service_window"),
    (
        '{"error": {"message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047, '
        '"error_data": {"messaging_product": "whatsapp", "details": "Message failed to send because more than '
        '24 hours have passed since the customer last replied to this number."}, "fbtrace_id": "AbC"}}',
        "outside_service_window",
    ),
    (
        "Twilio error 63016: Failed to send freeform message because you are outside the allowed window.",
        "outside_service_window",
    ),
    (
        "Error 470: Message failed to send because more than 24 hours have passed since the customer last replied",
        "outside_service_window",
    ),
    ("I can't reply to a customer who wrote to me two days ago, my message never goes out", "outside_service_window"),
    ("el cliente me escribió hace 3 días y ahora mi respuesta no se envía", "outside_service_window"),
    ("fora da janela de 24 horas", "outside_service_window"),
    # template_not_approved
    ("(#132001) Template name does not exist in the translation", "template_not_approved"),
    ("Twilio 63027 Template does not exist for a language and locale", "template_not_approved"),
    ("Jelou: plantilla no encontrada", "template_not_approved"),
    ("I just created a new template and it won't send, it says pending", "template_not_approved"),
    ("o modelo foi reprovado pela Meta e a campanha falha", "template_not_approved"),
    # not_on_whatsapp
    ("Gupshup: 1002 Number Does Not Exist On WhatsApp", "not_on_whatsapp"),
    ("Twilio error 63003 Channel could not find To address", "not_on_whatsapp"),
    ("On-Premises error 1013 User is not valid", "not_on_whatsapp"),
    ("AIsoule: Recipient not on WhatsApp", "not_on_whatsapp"),
    ("the customer says they don't use whatsapp, it's a landline", "not_on_whatsapp"),
    ("el número no tiene whatsapp", "not_on_whatsapp"),
    ("o número não tem WhatsApp", "not_on_whatsapp"),
]


@pytest.mark.parametrize("text,cause", CASES)
def test_foundation_causes(text, cause):
    r = diagnosis.classify(text)
    assert r.cause == cause, (text, r.to_dict())
    assert 0.0 <= r.confidence <= 1.0
    assert r.candidates and r.candidates[0].cause == cause


def test_knowledge_entries_for_foundation():
    kb = diagnosis.knowledge()
    for cid in ("outside_service_window", "template_not_approved", "not_on_whatsapp"):
        c = kb.get(cid)
        assert c is not None and c.id == cid
        assert c.title and c.explanation and c.fix and c.prevent
        assert c.retry.when in {"now", "after_wait", "after_fix", "never"}
    assert kb.get("outside_service_window").questions == ["last_customer_message"]
    assert "template_status" in kb.get("template_not_approved").questions
    assert "recipient_number" in kb.get("not_on_whatsapp").questions


@pytest.mark.parametrize(
    "text, sizes",
    [
        ("like 3k numbers without 91", []),
        ("went out to 12k ppl and about 3k failed", []),
        ("a 2m users list", []),
        ("an 800k jpg image", [800 * 1024]),
        ("a 20 MB video", [20 * 1024 * 1024]),
    ],
)
def test_a_bare_k_or_m_is_a_count_unless_a_file_follows(text, sizes):
    from diagnosis.extract import find_sizes

    assert find_sizes(text) == sizes
