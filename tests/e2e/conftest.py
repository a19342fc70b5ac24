"""One real action server and Rasa server for the end-to-end tests of this folder."""

from __future__ import annotations

import sys
import uuid
from typing import Any, Dict, Iterator

import pytest

from tests.channels import meta_webhook as meta
from tests.channels.harness import ApiStandIn
from tests.handoff_webhook.stand_in import WebhookStandIn
from tests.support.servers import (
    MODEL,
    ROOT,
    VENV_BIN,
    RestUser,
    Server,
    action_server,
    base_env,
    free_port,
    rasa_server,
)

# The HTTP API's token of the second stack (started as `make run` starts it).
DESK_TOKEN = "e2e-agent-token-5d1f"


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def actions(workdir):
    server = action_server(workdir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(workdir, actions):
    """A running Tickfix: yields a dict with the Rasa base URL and the servers."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    db = workdir / "conversations.db"
    action_url = actions.health_url.replace("/health", "/webhook")
    server = rasa_server(workdir, action_url, db).start()
    base = server.health_url.rsplit("/", 1)[0]
    yield {"base": base, "rasa": server, "actions": actions, "db": db, "action_url": action_url, "workdir": workdir}
    server.stop()


@pytest.fixture
def user(stack):
    return RestUser(stack["base"], f"test-{uuid.uuid4().hex[:12]}")


# A second stack, as `make run` starts it (scripts/rasa_run.py, RASA_AUTH_TOKEN), with the
# WhatsApp channel on a Graph API stand-in and the handoff webhook on a local receiver.


@pytest.fixture(scope="session")
def receiver() -> Iterator[WebhookStandIn]:
    server = WebhookStandIn()
    yield server
    server.close()


@pytest.fixture(scope="session")
def graph() -> Iterator[ApiStandIn]:
    stand_in = ApiStandIn(graph_token=meta.TOKEN)
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def desk_stack(tmp_path_factory: Any, receiver: WebhookStandIn, graph: ApiStandIn) -> Iterator[Dict[str, Any]]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("agent-view-e2e")
    action_port = free_port()
    actions = Server(
        [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
        base_env(
            {
                "HANDOFF_WEBHOOK_URL": receiver.url,
                "HANDOFF_WEBHOOK_SECRET": "e2e-secret",
                "TICKFIX_AGENT_URL": "http://tickfix.test",
            }
        ),
        workdir / "actions.log",
        f"http://127.0.0.1:{action_port}/health",
    ).start()
    port = free_port()
    env = base_env(
        {
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB": str(workdir / "conversations.db"),
            "RASA_AUTH_TOKEN": DESK_TOKEN,  # scripts/rasa_run.py moves it to --auth-token, as `make run` does
            "WHATSAPP_ACCESS_TOKEN": meta.TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": meta.PHONE_NUMBER_ID,
            "WHATSAPP_APP_SECRET": meta.APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": meta.VERIFY_TOKEN,
            "WHATSAPP_API_BASE": graph.url + "/v26.0",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("TICKFIX_WAITING_NOTICE_SECONDS", None)  # the default: 300 s
    rasa = Server(
        [
            sys.executable,
            "scripts/rasa_run.py",
            "--enable-api",
            "--port",
            str(port),
            "--model",
            str(MODEL),
            "--credentials",
            "credentials.yml",
            "--endpoints",
            "endpoints.yml",
        ],
        env,
        workdir / "rasa.log",
        f"http://127.0.0.1:{port}/version",
    )
    try:
        rasa.start()
        yield {"base": f"http://127.0.0.1:{port}", "rasa": rasa}
    finally:
        rasa.stop()
        actions.stop()
