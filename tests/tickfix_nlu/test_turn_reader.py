"""tickfix_nlu.turn_reader: the intent of short turns, questions back and the model's closings."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from tickfix_nlu.turn_reader import TurnReader


def _read(text: str, guessed: str) -> str:
    message = Message(data={"text": text, "intent": {"name": guessed, "confidence": 0.8}})
    TurnReader().process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text, guessed, intent",
    [
        ("where do i see that?", "goodbye", "ask_info"),
        (
            "no clue, our chatbot flow replies automatically. i only see +52 1 55 1234 5678 in the inbox",
            "goodbye",
            "report_problem",
        ),
        ("ok thanks a lot for the help, bye, I'll try it tomorrow morning then", "goodbye", "goodbye"),
        ("nao sei o pin, quem configurou saiu da empresa. como reseto?", "start_over", "ask_info"),
        ("unblocked her in the inbox and it went thru", "inform", "solved"),
        ("start over", "inform", "start_over"),
    ],
)
def test_the_reader_corrects_what_the_model_guesses(text, guessed, intent):
    assert _read(text, guessed) == intent


@pytest.mark.parametrize(
    "text, guessed, intent",
    [
        ("compressed it to 14mb, still the red thing", "solved", "deny"),
        ("it's still pending", "inform", "inform"),  # an answer to the template's status
        ("y como lo comprimo? lo grabé con el cel", "greet", "ask_info"),
        # agents named in an answer are no request for one; a request says so
        (
            "son respuestas que les damos a clientes por el chat, escritas a mano por los agentes",
            "ask_human",
            "report_problem",
        ),
        ("this is going nowhere, I want to talk to a real person please", "ask_human", "ask_human"),
        ("quero falar com um atendente humano agora, por favor", "ask_human", "ask_human"),
        # the phone said to be on, after "ask them to turn it on": still failing, not the failure watch
        ("mas o celular dele ta ligado, ele me ligou hoje", "ask_failures", "deny"),
    ],
)
def test_the_models_guess_is_checked_against_the_words(text, guessed, intent):
    assert _read(text, guessed) == intent


@pytest.mark.parametrize(
    "text",
    [
        "me pasas con alguien de soporte? necesito resolver esto hoy",
        "can i talk to someone? need this fixed today",
    ],
)
def test_a_request_for_a_person_before_more_words_is_one(text):
    """'me pasas con alguien de soporte? necesito resolver esto hoy' got 'I don't know that one'."""
    from tickfix_nlu.turn_reader import reading

    assert reading(text) == "ask_human"
