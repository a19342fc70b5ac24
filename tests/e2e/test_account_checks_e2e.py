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
    reply = user.say_text("our order message fails: (#132001) Template name does not exist in the "
                          "translation: template name (order_update) does not exist in en_US")
    assert "*order_update* is APPROVED in en_GB only; you sent en_US" in reply
    assert QUESTION not in reply
    assert "How to fix it" in reply and "Did that solve it?" in reply
    slots = user.tracker()["slots"]
    assert slots["template_status"] == "approved"
    assert any("en_GB" in f for f in slots["findings"])
    assert account.token not in reply
    assert account.token not in checked_stack["log"].read_text()
    assert any(r["path"].endswith("/message_templates") and r["query"]["name"] == "order_update"
               for r in account.requests)


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
