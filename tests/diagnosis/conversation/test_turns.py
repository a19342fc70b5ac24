"""Short turns read as people mean them, negations first; reports and answers left alone."""

from __future__ import annotations

import pytest

from diagnosis.conversation.turns import looks_like_question, read_turn


@pytest.mark.parametrize(
    "text, kind",
    [
        ("não resolveu", "deny"),
        ("no funcionó", "deny"),
        ("sigue fallando", "deny"),
        ("not yet", "deny"),
        ("no, still failing", "deny"),
        ("ainda não", "deny"),
        ("no", "deny"),
        ("¿qué hago?", "dont_know"),
        ("no idea", "dont_know"),
        ("não sei", "dont_know"),
        ("ni idea", "dont_know"),
        ("thanks, that solved it", "solved"),
        ("yes it worked", "solved"),
        ("deu certo!", "solved"),
        ("ya quedó, gracias", "solved"),
        ("sí, funcionó", "solved"),
        ("ok thanks", "thank"),
        ("gracias", "thank"),
        ("valeu", "thank"),
        ("ok", "acknowledge"),
        ("vale", "acknowledge"),
        ("beleza", "acknowledge"),
        ("yes", "affirm"),
        ("sim", "affirm"),
        ("hola", "greet"),
        ("a person", "ask_human"),
        ("quiero hablar con una persona", "ask_human"),
        ("start over", "start_over"),
        ("empezar de nuevo", "start_over"),
    ],
)
def test_short_turns(text, kind):
    turn = read_turn(text)
    assert turn is not None and turn.kind == kind, (text, turn)


@pytest.mark.parametrize(
    "text",
    [
        "they wrote us on monday",
        "it exists in English (UK) only",
        "131047",
        "my campaign failed",
        "yes but only for some customers",
        "3 days ago",
        "the customer last wrote to us 3 days ago and now my reply won't go out",
    ],
)
def test_answers_and_reports_are_not_short_turns(text):
    assert read_turn(text) is None


@pytest.mark.parametrize(
    "text, asks",
    [
        ("what does 131026 mean?", True),
        ("what is the 24 hour window?", True),
        ("how do I know if they blocked me?", True),
        ("¿qué significa 131049?", True),
        ("o que é a janela de 24 horas?", True),
        ("my message failed, why?", False),
        ("my marketing campaign failed with 131049", False),
        ("¿Meta está caído? todos los envíos dan error 131000", False),
    ],
)
def test_questions_are_told_from_reports(text, asks):
    assert looks_like_question(text) is asks


@pytest.mark.parametrize(
    "text, report",
    [
        ("hola, necesito ayuda, los clientes no reciben nada desde ayer", True),
        ("hi there, my messages are failing with a red icon", True),
        ("oi tudo bem, minhas mensagens não chegam", True),
        ("good morning! error 131047 when replying to a customer", True),
        ("hola buenas tardes, cómo estás", False),
        ("hey how are you doing today", False),
        ("hello", False),
        ("my messages fail, hello?", False),  # no greeting first: read as it is
    ],
)
def test_a_greeting_followed_by_a_report_is_a_report(text, report):
    from diagnosis.conversation.turns import greeting_with_report

    assert greeting_with_report(text) is report


@pytest.mark.parametrize("text", ["no sé cuál es", "não sei qual é", "not sure which"])
def test_not_knowing_which_is_not_knowing(text):
    from diagnosis.conversation.turns import read_turn

    assert read_turn(text).kind == "dont_know"


@pytest.mark.parametrize(
    "text, reaction",
    [
        ("👍", True),
        ("🙏🙏", True),
        (" ? ", True),
        ("⭐⭐⭐⭐⭐", False),
        ("ok 👍", False),
        ("131047", False),
        ("", False),
    ],
)
def test_a_reaction_alone_is_told_apart(text, reaction):
    from diagnosis.conversation.turns import only_symbols

    assert only_symbols(text) is reaction


def test_every_rating_button_carries_the_rating_mark_the_reaction_reader_leaves_alone():
    from diagnosis.conversation.turns import RATING_MARK, only_symbols
    from diagnosis.language import LANGS, say

    for lang in LANGS:
        for key in ("great", "ok", "bad"):
            title = say(f"replies.rating.{key}", lang)
            assert RATING_MARK in title, (lang, key)
            assert not only_symbols(title.split()[0])  # the stars alone, as a user might send them
