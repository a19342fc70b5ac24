"""failure_scope from counts: "800 of the 3,000 failed" is some, "500 to 500 contacts, 500 failed" all."""

from __future__ import annotations

import pytest

from diagnosis.conversation.triage import answers_in_report
from diagnosis.followup import answer
from diagnosis.followup.scope import scope_in_counts


@pytest.mark.parametrize(
    "text, scope",
    [
        ("800 of the 3,000 failed", "some"),
        ("error 131049 on 40 out of 120 numbers", "some"),
        ("mandé la campaña a 3.000 clientes y como 800 salieron con error", "some"),
        ("mandei para 1.200 contatos e uns 300 deram erro", "some"),
        ("sent to 500 contacts and 500 failed", "all"),
        ("30% of the messages failed", "some"),
        ("100 de 100", "all"),
    ],
)
def test_counts_answer_how_many_failed(text, scope):
    assert scope_in_counts(text) == scope


@pytest.mark.parametrize(
    "text",
    ["I sent 2 messages", "it failed at 10:30 of 2024", "3000 failed", "mandé 20 mensajes ayer"],
)
def test_no_share_without_a_part_and_a_whole(text):
    assert scope_in_counts(text) is None


def test_a_count_given_as_the_answer_is_understood():
    read = answer("failure_scope", "unos 800 de 3000", {"language": "es"})
    assert read.ok and read.value == "some"
    assert "algunos" in read.finding  # the choice's own advice, in the user's language


def test_counts_in_the_report_answer_the_scope_question():
    found = answers_in_report("we sent the campaign to 2000 customers and about 600 failed")
    assert found["failure_scope"] == "some"
    assert found["message_kind"] == "template"


@pytest.mark.parametrize(
    "text, scope",
    [
        ("una sola clienta", "one_customer"),
        ("só pra uma cliente", "one_customer"),
        ("no manda nada", "all"),
        ("pra nenhum", "all"),
    ],
)
def test_how_people_say_all_or_one(text, scope):
    assert answer("failure_scope", text, {"language": "es"}).value == scope


@pytest.mark.parametrize(
    "text, scope",
    [
        ("messages to some of our customers just don't arrive", "some"),
        ("a algunos de mis clientes no les llega nada", "some"),
        ("alguns dos meus clientes não recebem", "some"),
        ("none of our customers get anything", "all"),
        ("todos os meus clientes reclamam", "all"),
    ],
)
def test_a_report_that_says_which_customers_answers_the_scope_question(text, scope):
    assert answers_in_report(text)["failure_scope"] == scope


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("campaign", "its from our black friday blast, about 300 of 4000 came back with this", "yes"),
        ("campaign", "it's automatic, every patient gets one the day before. only this one failed", "no"),
        ("campaign", "sent to 3,200 contacts", "yes"),  # an audience: a campaign
        ("failure_scope", "acho q pra uns 3 ou 4 clientes hj de manha, o resto foi", "some"),
    ],
)
def test_answers_in_the_users_words(question, text, expected):
    from diagnosis.followup import answer

    result = answer(question, text, {"language": "en"})
    assert result.ok and result.value == expected
