"""The template's name, asked once when a pasted template error lacks it (actions/account_template.py).

In-process: action_diagnose, then the question's ask action, then the troubleshoot form's
validator with the user's answer; the account is the local Graph stand-in.

Why: the name is asked at most once, only when the account can be checked and the paste
lacks it, and every answer (a name, "I don't know", a status, a new error) leads on.
"""

from __future__ import annotations

import asyncio
import inspect
import time

import pytest
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.followup import questions

from actions.account_messages import LOOKED_UP
from actions.account_template import ASKED, DONT_KNOW, NOT_KNOWN, name_in_answer
from actions.ask_question import ASK_ACTIONS
from actions.diagnose import ActionDiagnose
from actions.troubleshoot_form import ValidateTroubleshootForm
from tests.support.graph_account_standin import GraphAccountStandIn, template

from .conftest import make_tracker, slot_events, texts

NO_NAME_132001 = "(#132001) Template name does not exist in en_US"
NAME_QUESTION = "What is the template's exact name"


def run(coroutine_or_value):
    return asyncio.run(coroutine_or_value) if inspect.iscoroutine(coroutine_or_value) else coroutine_or_value


@pytest.fixture
def standin(monkeypatch):
    server = GraphAccountStandIn()
    for name, value in server.env(twilio=False).items():
        monkeypatch.setenv(name, value)
    yield server
    server.close()


class Chat:
    """One conversation's slots, carried from action to action as Rasa would."""

    def __init__(self, domain, lang="en"):
        self.domain, self.slots = domain, {"language": lang}

    def diagnose(self, text):
        d = CollectingDispatcher()
        self.slots.update(
            slot_events(run(ActionDiagnose().run(d, make_tracker(self.domain, text, self.slots), self.domain)))
        )
        return texts(d)

    def ask(self, question_id):
        self.slots["requested_slot"] = question_id
        action = next(a for a in ASK_ACTIONS if a.question_id == question_id)()
        d = CollectingDispatcher()
        self.slots.update(slot_events(run(action.run(d, make_tracker(self.domain, "", self.slots), self.domain))))
        return texts(d), d.messages[-1].get("buttons") or []

    def answer(self, question_id, text, intent="inform"):
        d = CollectingDispatcher()
        tracker = make_tracker(self.domain, text, dict(self.slots, **{question_id: text}), intent=intent)
        validator = getattr(ValidateTroubleshootForm(), f"validate_{question_id}")
        values = run(validator(text, d, tracker, self.domain))
        self.slots.update(values)
        return texts(d), values


def test_a_132001_without_the_name_asks_it_once_then_checks_it(domain, standin):
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    assert chat.slots["cause"] == "template_not_approved" and chat.slots.get("template_status") is None
    said, buttons = chat.ask("template_status")
    assert said.startswith(NAME_QUESTION)
    assert [b["payload"] for b in buttons] == ["dont_know"]
    assert chat.slots["template_name"] == ASKED
    said, values = chat.answer("template_status", "order_update")
    assert "I checked your account: *order_update* is APPROVED in en_GB only; you sent en_US" in said
    assert values["template_status"] == "approved"  # answered by the account: not asked
    assert values["template_name"] == "order_update"
    assert any(f.startswith(LOOKED_UP) and "en_GB" in f for f in values["findings"])
    looked = [r for r in standin.requests if r["path"].endswith("/message_templates")]
    assert looked[-1]["query"]["name"] == "order_update"
    assert standin.token not in said


def test_i_dont_know_goes_on_with_the_usual_question_and_never_asks_again(domain, standin):
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    chat.ask("template_status")
    said, values = chat.answer("template_status", "dont_know")  # the button
    assert values["template_status"] is None and values["template_name"] == NOT_KNOWN
    assert not [r for r in standin.requests if r["path"].endswith("/message_templates")]
    said, buttons = chat.ask("template_status")
    assert said == questions().get("template_status").text_in("en")
    assert "approved" in [b["payload"] for b in buttons]
    # a later template error in the same conversation: the name is not asked again
    chat.diagnose("(#132015) Template is paused")
    said, _ = chat.ask("template_status")
    assert not said.startswith(NAME_QUESTION)


@pytest.mark.parametrize(
    "lang, paste, question, unknown",
    [
        (
            "es",
            "hola, mi plantilla de pedidos no llega a los clientes y me aparece este error: ",
            "¿Cuál es el nombre exacto de la plantilla",
            "no sé el nombre",
        ),
        ("pt", "meu modelo não é enviado e dá este erro: ", "Qual é o nome exato do modelo", "não sei o nome dele"),
    ],
)
def test_in_the_users_language(domain, standin, lang, paste, question, unknown):
    chat = Chat(domain, lang)
    chat.diagnose(paste + NO_NAME_132001)
    assert chat.slots["language"] == lang
    said, buttons = chat.ask("template_status")
    assert said.startswith(question)
    assert buttons[0]["title"] == {"es": "No lo sé", "pt": "Não sei"}[lang]
    _, values = chat.answer("template_status", unknown)
    assert values["template_name"] == NOT_KNOWN and values["template_status"] is None


def test_a_status_given_instead_of_the_name_is_taken_as_the_answer(domain, standin):
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    chat.ask("template_status")
    _, values = chat.answer("template_status", "it says rejected")
    assert values["template_status"] == "rejected" and values["template_name"] == NOT_KNOWN


def test_a_paused_template_by_name(domain, standin):
    standin.templates = [template("order_update", "en_GB"), template("order_update", "pt_BR", status="PAUSED")]
    chat = Chat(domain)
    chat.diagnose("(#132015) Template is paused")
    assert chat.slots["cause"] == "template_paused_or_disabled"
    said, _ = chat.ask("template_status")
    assert said.startswith(NAME_QUESTION)
    said, values = chat.answer("template_status", "it's called 'order_update'")
    assert "*order_update* exists in en_GB (APPROVED), pt_BR (PAUSED)." in said
    assert values["template_status"] == "paused"  # the error says paused; so does one version


def test_132000_by_name_counts_the_variables(domain, standin):
    chat = Chat(domain)
    chat.diagnose(
        "(#132000) Number of parameters does not match the expected number of params. body: number "
        "of localizable_params (1) does not match the expected number of params (2)"
    )
    assert chat.slots["cause"] == "template_parameter_mismatch"
    said, _ = chat.ask("parameter_problem")
    assert said.startswith(NAME_QUESTION)
    said, values = chat.answer("parameter_problem", "order_update")
    assert "its body takes 2 variables and the request sent 1" in said
    assert values["parameter_problem"] == "count"


def test_a_slow_account_says_so_and_asks_the_usual_question(domain, standin):
    standin.delay["templates"] = 8.0
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    chat.ask("template_status")
    start = time.monotonic()
    said, values = chat.answer("template_status", "order_update")
    assert time.monotonic() - start < 6.0
    assert "couldn't check your account just now (it didn't answer in time)" in said
    assert values["template_status"] is None and values["template_name"] == "order_update"
    said, _ = chat.ask("template_status")
    assert said == questions().get("template_status").text_in("en")


def test_not_asked_when_the_paste_names_it_or_checks_are_off(domain, standin, monkeypatch):
    chat = Chat(domain)
    chat.diagnose("(#132001) Template name (order_updates) does not exist in en_US")  # checked at once
    assert chat.slots["template_status"] == "not_found"
    chat.slots["template_status"] = None  # as if the form asked it anyway
    said, _ = chat.ask("template_status")
    assert not said.startswith(NAME_QUESTION)
    monkeypatch.setenv("TICKFIX_ACCOUNT_CHECKS", "off")
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    said, _ = chat.ask("template_status")
    assert said == questions().get("template_status").text_in("en") and chat.slots.get("template_name") is None


def test_a_new_error_pasted_as_the_answer_is_worked_on(domain, standin):
    chat = Chat(domain)
    chat.diagnose(NO_NAME_132001)
    chat.ask("template_status")
    said, values = chat.answer("template_status", "(#131047) Re-engagement message", intent="report_problem")
    assert values["cause"] == "outside_service_window" and values["template_name"] == NOT_KNOWN


@pytest.mark.parametrize(
    "text, name",
    [
        ("order_update", "order_update"),
        ("Order_Update", "order_update"),
        ("welcome", "welcome"),
        ("it's called order_update_v2", "order_update_v2"),
        ("se llama promo2", "promo2"),
        ("o nome é boas_vindas", "boas_vindas"),
        ('"shipping"', "shipping"),
        ("no idea", DONT_KNOW),
        ("no sé", DONT_KNOW),
        ("sei lá", DONT_KNOW),
        ("no", DONT_KNOW),
        ("approved", None),
        ("it's paused", None),
        ("ok", None),
    ],
)
def test_names_in_answers(text, name):
    assert name_in_answer(text, "template_status") == name


def test_a_132001_without_a_language_and_versions_that_differ_is_the_approved_path(domain, standin):
    # the paste says neither name nor language; order_update is APPROVED in en_GB and PAUSED
    # in pt_BR: "does not exist in the translation" means the language sent is neither
    chat = Chat(domain)
    chat.diagnose("(#132001) Template name does not exist in the translation")
    chat.ask("template_status")
    said, values = chat.answer("template_status", "order_update")
    assert "en_GB (APPROVED)" in said and "pt_BR (PAUSED)" in said
    assert values["template_status"] == "approved"  # not asked: the fix is the approved language
