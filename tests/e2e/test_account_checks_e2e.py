"""Live account checks over REST: the real Rasa and action servers, the account a local stand-in.

The action server gets the WHATSAPP_*/TWILIO_* settings pointing at the stand-in
(tests/support/graph_account_standin.py); nothing reaches the internet. A pasted 132001
for a template that exists in en_GB only gets that language named with no question;
"check my account" reports health, quality and limit.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterator

import pytest

from tests.support.graph_account_standin import GraphAccountStandIn, template
from tests.support.servers import MODEL, VENV_BIN, RestUser, Server, base_env, free_port, rasa_server

QUESTION = "What status does the template show"


@pytest.fixture(scope="module")
def account() -> Iterator[GraphAccountStandIn]:
    server = GraphAccountStandIn()
    yield server
    server.close()


@pytest.fixture(scope="module")
def checked_stack(tmp_path_factory: Any, account: GraphAccountStandIn) -> Iterator[Dict[str, Any]]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("account-checks-e2e")
    port = free_port()
    actions = Server(
        [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        base_env(account.env()),
        workdir / "actions.log",
        f"http://127.0.0.1:{port}/health",
    ).start()
    rasa = None
    try:
        rasa = rasa_server(workdir, f"http://127.0.0.1:{port}/webhook", workdir / "conversations.db").start()
        yield {"base": rasa.health_url.rsplit("/", 1)[0], "log": workdir / "actions.log"}
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()


@pytest.fixture
def user(checked_stack) -> RestUser:
    return RestUser(checked_stack["base"], f"acct-{uuid.uuid4().hex[:12]}")


def test_132001_names_the_approved_language_without_a_question(user, account, checked_stack):
    account.templates = [template("order_update", "en_GB")]
    reply = user.say_text(
        "our order message fails: (#132001) Template name does not exist in the "
        "translation: template name (order_update) does not exist in en_US"
    )
    assert "*order_update* is APPROVED in en_GB only; you sent en_US" in reply
    assert QUESTION not in reply
    assert "How to fix it" in reply and "Did that solve it?" in reply
    slots = user.tracker()["slots"]
    assert slots["template_status"] == "approved"
    assert any("en_GB" in f for f in slots["findings"])
    assert account.token not in reply
    assert account.token not in checked_stack["log"].read_text()
    assert any(
        r["path"].endswith("/message_templates") and r["query"]["name"] == "order_update" for r in account.requests
    )


def test_check_my_account_reports_health_quality_and_limit(user, account):
    reply = user.say_text("check my account")
    assert "Sending: ✅ available" in reply
    assert "Quality rating: high (green)" in reply
    assert "Messaging limit: 2,000 customers a day" in reply
    assert user.tracker()["slots"]["findings"]


def test_a_slow_account_is_said_and_the_bot_asks(user, account):
    account.templates = [template("order_update", "en_GB")]
    account.delay["templates"] = 10.0
    try:
        reply = user.say_text("(#132001) template name (order_update) does not exist in en_US")
    finally:
        account.delay.clear()
    assert "couldn't check your account just now (it didn't answer in time)" in reply
    assert QUESTION in reply


NAME_QUESTION = "What is the template's exact name"


@pytest.fixture
def fresh(account: GraphAccountStandIn) -> Iterator[GraphAccountStandIn]:
    """The shared stand-in as every test here expects it, and put back after."""
    account.templates = [template("order_update", "en_GB")]
    account.token_state, account.alerts = "valid", []
    account.delay.clear()
    account.fail.clear()
    yield account
    account.token_state, account.alerts = "valid", []
    account.delay.clear()
    account.fail.clear()


@pytest.mark.parametrize("answer", ["order_update", "it's called order_update"])
def test_a_132001_without_the_name_asks_it_once_then_answers_from_the_account(user, fresh, answer):
    reply = user.say_text("(#132001) Template name does not exist in en_US")
    assert NAME_QUESTION in reply and QUESTION not in reply
    reply = user.say_text(answer)
    assert "*order_update* is APPROVED in en_GB only; you sent en_US" in reply
    assert QUESTION not in reply and NAME_QUESTION not in reply
    assert "How to fix it" in reply and "Did that solve it?" in reply
    slots = user.tracker()["slots"]
    assert slots["template_status"] == "approved" and slots["template_name"] == "order_update"
    assert any(
        r["path"].endswith("/message_templates") and r["query"]["name"] == "order_update" for r in fresh.requests
    )


def test_a_name_not_known_gets_the_usual_question_and_is_not_asked_again(user, fresh):
    # (132015 would say the status itself: "paused", and nothing would be asked)
    reply = user.say_text("(#132001) Template name does not exist in the translation")
    assert NAME_QUESTION in reply
    reply = user.say_text("I don't know")
    assert QUESTION in reply and NAME_QUESTION not in reply
    reply = user.say_text("paused")
    assert NAME_QUESTION not in reply and QUESTION not in reply
    assert user.tracker()["slots"]["template_status"] == "paused"


def test_a_name_question_in_spanish(user, fresh):
    reply = user.say_text(
        "hola, mi plantilla de pedidos no llega a los clientes y me aparece este error: "
        "(#132001) Template name does not exist in en_US"
    )
    assert "¿Cuál es el nombre exacto de la plantilla" in reply
    reply = user.say_text("se llama order_update")
    assert "*order_update* está APPROVED solo en en_GB; enviaste en_US" in reply


def test_190_gets_the_tokens_real_state(user, fresh, checked_stack):
    fresh.token_state = "expired"
    reply = user.say_text(
        '{"error": {"message": "Error validating access token: Session has expired", '
        '"type": "OAuthException", "code": 190, "error_subcode": 463}}'
    )
    assert "The access token I was given for your account expired on 2025-11-30 18:00 UTC" in reply
    assert user.tracker()["slots"]["token_type"] == "temporary"  # not asked
    assert fresh.token not in reply and fresh.token not in checked_stack["log"].read_text()
    assert any(r["path"].endswith("/debug_token") for r in fresh.requests)


def test_what_went_wrong_today_reads_twilios_error_log(user, fresh, checked_stack):
    fresh.add_alert(63016, minutes_ago=0.3)
    fresh.add_alert(63016, minutes_ago=0.2)
    fresh.add_alert(63032, minutes_ago=0.1)
    reply = user.say_text("what went wrong today?")
    assert "Twilio's error log (Monitor) shows 3 error(s) today:" in reply
    assert "- 2 × error 63016: 24h window closed" in reply and "error 63032" in reply
    assert any(r["path"] == "/v1/Alerts" and r["query"]["LogLevel"] == "error" for r in fresh.requests)
    assert "twilio-check-token" not in reply + checked_stack["log"].read_text()


def test_every_check_made_is_in_the_handoff_summary(user, fresh):
    fresh.add_alert(63016, minutes_ago=1)
    user.say_text("(#132001) Template name (order_update) does not exist in en_US")
    reply = user.say_text("check my account")
    assert "Messaging limit: 2,000" in reply
    reply = user.say_text("I want to talk to a person")
    assert "Looked up in the account:" in reply
    for needle in (
        "APPROVED in en_GB only",
        "Sending: ✅ available",
        "Messaging limit: 2,000",
        "shows 1 error(s) in the last 24 hours",
    ):
        assert needle in reply, needle
