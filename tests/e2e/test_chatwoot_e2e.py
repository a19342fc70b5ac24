"""End to end over Chatwoot: the real Rasa and action servers with the Chatwoot channel on,
pointed at the stand-in Chatwoot. A contact's pasted error, posted as Chatwoot posts it to
its agent bot, gets the diagnosis back as an outgoing message through Chatwoot's API; a
conversation a person holds gets nothing."""

from __future__ import annotations

import time

import pytest
import requests

from tests.support.chatwoot_standin import BOT_TOKEN, WEBHOOK_TOKEN, ChatwootStandIn, message_created
from tests.support.servers import rasa_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chatwoot_stack(stack, workdir):
    standin = ChatwootStandIn()
    env = {
        "CHATWOOT_URL": standin.url,
        "CHATWOOT_BOT_TOKEN": BOT_TOKEN,
        "CHATWOOT_WEBHOOK_TOKEN": WEBHOOK_TOKEN,
        "CHATWOOT_ACCOUNT_ID": "3",
    }
    server = rasa_server(workdir, stack["action_url"], workdir / "chatwoot.db", extra_env=env).start()
    try:
        yield {"base": server.health_url.rsplit("/", 1)[0], "standin": standin}
    finally:
        server.stop()
        standin.close()


def post(base: str, body: dict, token: str = WEBHOOK_TOKEN) -> requests.Response:
    return requests.post(f"{base}/webhooks/chatwoot/webhook", params={"token": token}, json=body, timeout=30)


def test_a_pasted_error_gets_its_diagnosis_posted_to_chatwoot(chatwoot_stack):
    import diagnosis

    base, standin = chatwoot_stack["base"], chatwoot_stack["standin"]
    r = post(base, message_created("(#131047) Re-engagement message", conversation=41))
    assert r.status_code == 200 and r.json() == {"status": "received"}
    texts = standin.wait_for_messages(1, conversation=41)
    assert texts, "no reply reached the stand-in Chatwoot"
    time.sleep(1.0)  # the rest of the turn's messages
    replies = "\n".join(standin.texts(41)).lower()
    assert diagnosis.knowledge()["outside_service_window"].title.lower() in replies
    assert all(m["message_type"] == "outgoing" and not m["private"] for m in standin.messages(41))
    tracker = requests.get(f"{base}/conversations/chatwoot:3:41/tracker", timeout=30).json()
    assert tracker["slots"]["cause"] == "outside_service_window"
    meta = [e.get("metadata") for e in tracker["events"] if e.get("event") == "user"][0]
    assert meta["chatwoot"]["conversation_id"] == "41" and meta["chatwoot"]["account_id"] == "3"


def test_no_token_no_answer_and_a_persons_conversation_is_left_alone(chatwoot_stack):
    base, standin = chatwoot_stack["base"], chatwoot_stack["standin"]
    assert post(base, message_created("hi", conversation=42), token="wrong").status_code == 403
    r = post(base, message_created("(#131047)", conversation=43, status="open"))
    assert r.status_code == 200 and r.json()["status"] == "ignored"
    time.sleep(3)
    assert standin.texts(42) == [] and standin.texts(43) == []
