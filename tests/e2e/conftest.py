"""One real action server and Rasa server for the end-to-end tests of this folder."""
from __future__ import annotations

import uuid

import pytest

from tests.support.servers import MODEL, RestUser, action_server, rasa_server


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
    yield {"base": base, "rasa": server, "actions": actions, "db": db, "action_url": action_url,
           "workdir": workdir}
    server.stop()


@pytest.fixture
def user(stack):
    return RestUser(stack["base"], f"test-{uuid.uuid4().hex[:12]}")
